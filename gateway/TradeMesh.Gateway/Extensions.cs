using TradeMesh.Gateway.Auth;
using TradeMesh.Gateway.Health;
using TradeMesh.Gateway.RateLimits;
using TradeMesh.ServiceDefaults.Access;
using Microsoft.Net.Http.Headers;
using Yarp.ReverseProxy.Transforms;

namespace TradeMesh.Gateway;

internal static class Extensions
{
    public static void AddGateway(this IHostApplicationBuilder builder)
    {
        builder.AddApiKeyAuth();
        // ASP.NET Core starts an Activity and a log scope for every request whenever its hosting
        // logger is enabled at any level, and YARP's HttpClient then starts a child Activity and
        // writes traceparent. Without an OTLP endpoint nobody reads them, and that logger only
        // writes Debug/Information lines the gateway does not show anyway.
        if (string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]))
            builder.Logging.AddFilter("Microsoft.AspNetCore.Hosting.Diagnostics", LogLevel.None);
        builder.AddGatewayRateLimits();

        // Routes and clusters live in configuration (appsettings.json "ReverseProxy"); each route names
        // its AuthorizationPolicy and RateLimiterPolicy there. API keys end at the gateway on every
        // route but the admin ones, whose service checks the admin key again; every forwarded request
        // carries the deployment's secret, without which the services answer nothing.
        var secret = new GatewaySecret(builder.Configuration);
        builder.Services.AddReverseProxy().LoadFromConfig(builder.Configuration.GetSection("ReverseProxy"))
            .AddTransforms(context =>
            {
                context.AddRequestHeader(GatewaySecret.Header, secret.Value, append: false);
                if (context.Route.AuthorizationPolicy == ApiKeyAuthenticationHandler.ScopeName(ApiScopes.Admin)) return;
                context.AddRequestHeaderRemove("X-Api-Key");
                context.AddRequestHeaderRemove(HeaderNames.Authorization);
            });

        // /health of the gateway includes every replica of each service behind it. (Routing only
        // skips replicas whose process is gone, probed on /alive in appsettings.json: a service
        // that lost the broker still answers reads.)
        builder.Services.AddHttpClient(DownstreamHealthCheck.ClientName, c => c.Timeout = TimeSpan.FromSeconds(5));
        var health = builder.Services.AddHealthChecks();
        foreach (var cluster in builder.Configuration.GetSection("ReverseProxy:Clusters").GetChildren())
        foreach (var destination in cluster.GetSection("Destinations").GetChildren())
        {
            if (destination["Address"] is not { } address) continue;
            health.AddTypeActivatedCheck<DownstreamHealthCheck>($"{cluster.Key}/{destination.Key}", failureStatus: null, tags: ["ready"],
                args: new Uri(new Uri(address), "health"));
        }
    }
}
