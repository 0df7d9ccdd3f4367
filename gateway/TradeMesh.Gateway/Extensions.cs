using TradeMesh.Gateway.Auth;
using TradeMesh.Gateway.Health;
using TradeMesh.Gateway.RateLimits;
using Yarp.ReverseProxy.Configuration;

namespace TradeMesh.Gateway;

internal static class Extensions
{
    public static void AddGateway(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<ApiKeys>();
        builder.AddGatewayRateLimits();

        // Routes and clusters live in configuration (appsettings.json "ReverseProxy").
        builder.Services.AddReverseProxy().LoadFromConfig(builder.Configuration.GetSection("ReverseProxy"));

        // /health of the gateway includes each service behind it.
        builder.Services.AddHttpClient(DownstreamHealthCheck.ClientName, c => c.Timeout = TimeSpan.FromSeconds(5));
        var health = builder.Services.AddHealthChecks();
        foreach (var cluster in builder.Configuration.GetSection("ReverseProxy:Clusters").GetChildren())
        {
            var address = cluster.GetSection("Destinations").GetChildren().Select(d => d["Address"]).FirstOrDefault(a => a is not null);
            if (address is null) continue;
            health.AddTypeActivatedCheck<DownstreamHealthCheck>(cluster.Key, failureStatus: null, tags: ["ready"], args: new Uri(new Uri(address), "health"));
        }
    }
}
