using JasperFx.Events.Daemon;
using JasperFx.Events.Projections;
using Marten;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using TradeMesh.Projections.ReadModels;

namespace TradeMesh.Projections.Daemon;

/// <summary>
/// Watches how far the read models trail the event store. It publishes the gauge
/// trademesh.projection.lag (seconds): the age of the oldest stored event the projection has not
/// applied yet, 0 when caught up. It also notices a stall: events are waiting and the applied
/// position has not moved for Projections:StallAfterSeconds (a daemon that died, a sequence gap
/// the high-water mark never passes, a lock held on the read models). Every replica watches the
/// shared store, so each tells the truth whichever one runs the daemon.
/// </summary>
public sealed class ProjectionLagMonitor(IDocumentStore store, IProjectionCoordinator coordinator, IConfiguration configuration,
    ILogger<ProjectionLagMonitor> logger)
    : BackgroundService, IHealthCheck
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(2);
    private readonly TimeSpan _stallAfter = TimeSpan.FromSeconds(configuration.GetValue("Projections:StallAfterSeconds", 120));
    private double _lagSeconds;
    private long _applied = -1;
    private DateTimeOffset _appliedSince = DateTimeOffset.UtcNow;
    private volatile string? _stall;

    public double LagSeconds => Volatile.Read(ref _lagSeconds);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        Telemetry.Meter.CreateObservableGauge("trademesh.projection.lag", () => LagSeconds, unit: "s",
            description: "Age of the oldest stored event not yet in the read models");
        using var timer = new PeriodicTimer(Interval);
        do
        {
            try
            {
                await MeasureAsync(stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // The database being away is reported by its own check; this one keeps its last verdict.
                logger.LogDebug(ex, "Projection lag not measured this time");
            }
        } while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    private async Task MeasureAsync(CancellationToken ct)
    {
        var applied = await store.Advanced.ProjectionProgressFor(new ShardName(TradeProjection.Name), token: ct);
        await using var session = store.QuerySession();
        var oldest = await session.Events.QueryAllRawEvents().Where(e => e.Sequence > applied)
            .OrderBy(e => e.Sequence).Select(e => e.Timestamp).FirstOrDefaultAsync(ct);
        var now = DateTimeOffset.UtcNow;
        Volatile.Write(ref _lagSeconds, oldest == default ? 0 : Math.Max(0, (now - oldest).TotalSeconds));

        if (applied != _applied || oldest == default) (_applied, _appliedSince) = (applied, now);
        var stalledFor = now - _appliedSince;
        _stall = stalledFor >= _stallAfter
            ? $"read models stalled at sequence {applied} for {stalledFor.TotalSeconds:F0} s with events waiting"
            : null;
    }

    Task<HealthCheckResult> IHealthCheck.CheckHealthAsync(HealthCheckContext context, CancellationToken ct)
    {
        // On the replica running the daemon: Marten's own verdict on its high-water poll loop.
        var daemon = coordinator.DaemonForMainDatabase();
        if (daemon.IsRunning && daemon.IsHighWaterStale)
            return Task.FromResult(HealthCheckResult.Unhealthy("the daemon's high-water mark is stale"));
        return Task.FromResult(_stall is { } stall ? HealthCheckResult.Unhealthy(stall)
            : HealthCheckResult.Healthy($"lag {LagSeconds:F1} s"));
    }
}
