using TradeMesh.ServiceDefaults.Access;
using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Options;

namespace TradeMesh.Gateway.Auth;

/// <summary>
/// Who a request is: the API key in X-Api-Key or Authorization: Bearer, checked against
/// TRADEMESH_API_KEYS. A known key becomes a principal with one `scope` claim per scope; the
/// routes' policies (appsettings.json) decide what each scope may call. 401 = no key, an
/// unknown one, or no keys configured at all (the gateway fails closed); 403 = a known key
/// without the scope; 429 = this client address failed too often (see FailedAuthentications).
/// </summary>
public sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder,
    ApiKeys keys, FailedAuthentications failures)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";
    public const string ScopeClaim = "scope";
    /// <summary>The number of the key's entry in TRADEMESH_API_KEYS: the write limits' partition.</summary>
    public const string EntryClaim = "api-key-entry";

    private TimeSpan? _throttled;
    private bool _presented;

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var presented = ApiKeys.Presented(Request);
        if (presented is null) return Task.FromResult(AuthenticateResult.NoResult());
        _presented = true;
        var address = Context.Connection.RemoteIpAddress;
        // Refused before the key is even looked at: a guesser over its budget learns nothing.
        if (failures.RetryAfter(address) is { } wait)
        {
            _throttled = wait;
            return Task.FromResult(AuthenticateResult.Fail("Too many failed authentications from this address."));
        }
        if (keys.Match(presented) is not { } match)
        {
            // Counted per address only: an invented key leaves no state of its own behind.
            failures.Count(address);
            return Task.FromResult(AuthenticateResult.Fail("The API key presented is not valid."));
        }
        var claims = new List<Claim> { new(EntryClaim, match.Entry.ToString(System.Globalization.CultureInfo.InvariantCulture)) };
        foreach (var scope in Enum.GetValues<ApiScopes>())
            if (scope != ApiScopes.None && match.Scopes.HasFlag(scope)) claims.Add(new(ScopeClaim, ScopeName(scope)));
        var principal = new ClaimsPrincipal(new ClaimsIdentity(claims, SchemeName));
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(principal, SchemeName)));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        if (_throttled is { } wait)
        {
            var seconds = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds));
            Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
            return Results.Problem(statusCode: StatusCodes.Status429TooManyRequests, title: "Too many requests",
                detail: $"Too many failed authentications from this address; retry after {seconds} s.").ExecuteAsync(Context);
        }
        // HTTP requires a 401 to name how to authenticate; Bearer is one of the two accepted ways.
        Response.Headers.WWWAuthenticate = "Bearer";
        var detail = !keys.Configured
            ? "No API keys are configured at the gateway (TRADEMESH_API_KEYS is empty), so requests that need one are refused."
            : _presented ? "The API key presented is not valid."
            : $"This request needs an API key with the '{RequiredScope()}' scope in X-Api-Key or Authorization: Bearer.";
        return Results.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "API key required", detail: detail).ExecuteAsync(Context);
    }

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties)
    {
        var scope = RequiredScope();
        return Results.Problem(statusCode: StatusCodes.Status403Forbidden, title: "API key not allowed",
            detail: $"The API key presented is valid but lacks the '{scope}' scope this request needs.",
            extensions: new Dictionary<string, object?> { ["requiredScope"] = scope }).ExecuteAsync(Context);
    }

    /// <summary>The route's policy is named after the scope it needs (ApiKeyPolicies).</summary>
    private string RequiredScope() => Context.GetEndpoint()?.Metadata.GetMetadata<IAuthorizeData>()?.Policy ?? "read";

    public static string ScopeName(ApiScopes scope) => scope.ToString().ToLowerInvariant();
}
