using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace TradeMesh.Gateway.Health;

/// <summary>A service behind the gateway is healthy when its own /health says so.</summary>
public sealed class DownstreamHealthCheck(IHttpClientFactory clients, Uri healthUri) : IHealthCheck
{
    public const string ClientName = "downstream-health";

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct = default)
    {
        try
        {
            using var response = await clients.CreateClient(ClientName).GetAsync(healthUri, ct);
            return response.IsSuccessStatusCode
                ? HealthCheckResult.Healthy($"{healthUri} answered {(int)response.StatusCode}")
                : HealthCheckResult.Unhealthy($"{healthUri} answered {(int)response.StatusCode}");
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
        {
            return HealthCheckResult.Unhealthy($"{healthUri} unreachable: {ex.Message}");
        }
    }
}
