using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace TradeMesh.ServiceDefaults.Access;

/// <summary>
/// Admin endpoints check the caller's key at the service as well as at the gateway (which forwards
/// the key on admin routes only): a leaked gateway secret alone does not rebuild the read models.
/// The service reads the same TRADEMESH_API_KEYS as the gateway and honours only the admin scope.
/// </summary>
public static class AdminKey
{
    public static TBuilder RequireAdminKey<TBuilder>(this TBuilder endpoints) where TBuilder : IEndpointConventionBuilder =>
        endpoints.AddEndpointFilter(async (context, next) =>
        {
            var request = context.HttpContext.Request;
            var keys = context.HttpContext.RequestServices.GetRequiredService<ApiKeys>();
            return keys.Match(ApiKeys.Presented(request)) is { } match && match.Scopes.HasFlag(ApiScopes.Admin)
                ? await next(context)
                : Results.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Admin key required",
                    detail: "This operation needs an API key with the admin scope (X-Api-Key), at the gateway and at the service.");
        });
}
