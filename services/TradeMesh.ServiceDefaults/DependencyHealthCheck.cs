using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// Ready only while a dependency answers a cheap probe (e.g. PostgreSQL's "select 1") within a
/// few seconds; /health reports it, tagged "ready".
/// </summary>
public sealed class DependencyHealthCheck(Func<CancellationToken, Task> probe) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct = default)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(3));
        try
        {
            await probe(timeout.Token);
            return HealthCheckResult.Healthy();
        }
        catch (Exception ex)
        {
            return HealthCheckResult.Unhealthy(ex.Message);
        }
    }
}

public static class DependencyHealthCheckExtensions
{
    /// <summary>Adds a ready check that runs the probe with the services of the app.</summary>
    public static IHealthChecksBuilder AddDependency(this IHealthChecksBuilder checks, string name, Func<IServiceProvider, CancellationToken, Task> probe) =>
        checks.Add(new HealthCheckRegistration(name, sp => new DependencyHealthCheck(ct => probe(sp, ct)), HealthStatus.Unhealthy, ["ready"]));
}
