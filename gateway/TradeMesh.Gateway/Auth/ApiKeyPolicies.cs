using TradeMesh.ServiceDefaults.Access;
using Microsoft.AspNetCore.Authentication;

namespace TradeMesh.Gateway.Auth;

/// <summary>
/// The authorization policies the routes name in appsettings.json ("AuthorizationPolicy"), one
/// per scope: `write`, `admin`, and `read`, which needs a key only with Auth:RequireKeyForReads=true.
/// </summary>
public static class ApiKeyPolicies
{
    public static void AddApiKeyAuth(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<FailedAuthentications>();
        builder.Services.AddAuthentication(ApiKeyAuthenticationHandler.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null);

        var keysForReads = builder.Configuration.GetValue("Auth:RequireKeyForReads", false);
        var authorization = builder.Services.AddAuthorizationBuilder();
        foreach (var scope in new[] { ApiScopes.Read, ApiScopes.Write, ApiScopes.Admin })
        {
            var name = ApiKeyAuthenticationHandler.ScopeName(scope);
            authorization.AddPolicy(name, policy =>
            {
                if (scope == ApiScopes.Read && !keysForReads) policy.RequireAssertion(_ => true);
                else policy.RequireClaim(ApiKeyAuthenticationHandler.ScopeClaim, name);
            });
        }
    }

    /// <summary>
    /// Reads TRADEMESH_API_KEYS now, not at the first request, so a malformed one stops the start;
    /// and says once why every request that needs a key will fail when none is configured.
    /// </summary>
    public static void CheckApiKeys(this WebApplication app)
    {
        if (app.Services.GetRequiredService<ApiKeys>().Configured) return;
        app.Logger.LogWarning("TRADEMESH_API_KEYS is empty: every write and admin request{Reads} is refused with 401 until keys are configured.",
            app.Configuration.GetValue("Auth:RequireKeyForReads", false) ? " and every read" : "");
    }
}
