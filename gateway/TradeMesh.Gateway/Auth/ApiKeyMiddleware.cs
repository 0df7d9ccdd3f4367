namespace TradeMesh.Gateway.Auth;

/// <summary>
/// Which scope a request needs, and the 401/403 problems when its key does not give it: writes
/// need write, /admin/** needs admin, reads need a key only with Auth:RequireKeyForReads=true.
/// 401 = no key or an unknown one (or no keys configured at all: the gateway fails closed);
/// 403 = a known key without the scope. /health and /alive stay open for probes.
/// </summary>
public static class ApiKeyMiddleware
{
    public static IApplicationBuilder UseApiKeys(this WebApplication app)
    {
        // Resolved once here, not per request: a malformed TRADEMESH_API_KEYS stops the start.
        var keys = app.Services.GetRequiredService<ApiKeys>();
        var keysForReads = app.Configuration.GetValue("Auth:RequireKeyForReads", false);
        if (!keys.Configured)
            app.Logger.LogWarning("TRADEMESH_API_KEYS is empty: every write and admin request{Reads} is refused with 401 until keys are configured.",
                keysForReads ? " and every read" : "");

        return app.Use((context, next) =>
        {
            var needed = Needed(context.Request, keysForReads);
            // Open reads pay for nothing more than the method check above.
            if (needed == ApiScopes.None) return next(context);
            var refusal = Refusal(keys, ApiKeys.Presented(context.Request), needed);
            if (refusal is null) return next(context);
            // HTTP requires a 401 to name how to authenticate; Bearer is one of the two accepted ways.
            if (refusal is IStatusCodeHttpResult { StatusCode: StatusCodes.Status401Unauthorized })
                context.Response.Headers.WWWAuthenticate = "Bearer";
            return refusal.ExecuteAsync(context);
        });
    }

    private static ApiScopes Needed(HttpRequest request, bool keysForReads)
    {
        if (request.Path.StartsWithSegments("/admin")) return ApiScopes.Admin;
        if (!(HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method) || HttpMethods.IsOptions(request.Method)))
            return ApiScopes.Write;
        if (!keysForReads || request.Path.StartsWithSegments("/health") || request.Path.StartsWithSegments("/alive"))
            return ApiScopes.None;
        return ApiScopes.Read;
    }

    private static IResult? Refusal(ApiKeys keys, string? presented, ApiScopes needed)
    {
        var scope = needed.ToString().ToLowerInvariant();
        if (!keys.Configured)
            return Unauthorized("No API keys are configured at the gateway (TRADEMESH_API_KEYS is empty), so requests that need one are refused.");
        if (presented is null)
            return Unauthorized($"This request needs an API key with the '{scope}' scope in X-Api-Key or Authorization: Bearer.");
        if (keys.ScopesOf(presented) is not { } scopes)
            return Unauthorized("The API key presented is not valid.");
        if (!scopes.HasFlag(needed))
            return Results.Problem(statusCode: StatusCodes.Status403Forbidden, title: "API key not allowed",
                detail: $"The API key presented is valid but lacks the '{scope}' scope this request needs.",
                extensions: new Dictionary<string, object?> { ["requiredScope"] = scope });
        return null;
    }

    private static IResult Unauthorized(string detail) =>
        Results.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "API key required", detail: detail);
}
