using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// Holds the start of the services registered after it until a dependency answers. Without it a
/// service started while PostgreSQL is down (a machine booting, a database restarting) dies in
/// Marten's schema check at start; with it, it waits, says so in its log, and starts on its own.
/// </summary>
public sealed class StartupGate(string dependency, Func<IServiceProvider, CancellationToken, Task> probe, IServiceProvider services, ILogger<StartupGate> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await probe(services, ct);
                if (attempt > 1) logger.LogInformation("{Dependency} answers; starting", dependency);
                return;
            }
            catch (Exception ex) when (!ct.IsCancellationRequested)
            {
                if (attempt == 1 || attempt % 30 == 0) logger.LogWarning("Waiting for {Dependency}: {Reason}", dependency, ex.Message);
                await Task.Delay(TimeSpan.FromSeconds(1), ct);
            }
        }
    }

    public Task StopAsync(CancellationToken ct) => Task.CompletedTask;
}

public static class StartupGateExtensions
{
    /// <summary>
    /// Hosted services start in registration order, and Marten puts its own at the front when it is
    /// added, so the gate goes in at the very front: call this after AddMarten.
    /// </summary>
    public static IServiceCollection AddStartupGate(this IServiceCollection services, string dependency, Func<IServiceProvider, CancellationToken, Task> probe)
    {
        services.Insert(0, ServiceDescriptor.Singleton<IHostedService>(sp =>
            new StartupGate(dependency, probe, sp, sp.GetRequiredService<ILogger<StartupGate>>())));
        return services;
    }
}
