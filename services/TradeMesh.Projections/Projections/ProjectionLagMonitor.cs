using JasperFx.Events.Projections;
using Marten;

namespace TradeMesh.Projections.Projections;

/// <summary>
/// Measures how far the read models trail the event store, as the age of the oldest stored event
/// the projection has not applied yet (0 when caught up), and publishes it as the gauge
/// trademesh.projection.lag (seconds).
/// </summary>
public sealed class ProjectionLagMonitor(IDocumentStore store, ILogger<ProjectionLagMonitor> logger) : BackgroundService
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(5);
    private double _lagSeconds;

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
                Volatile.Write(ref _lagSeconds, await MeasureAsync(stoppingToken));
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogDebug(ex, "Projection lag not measured this time");
            }
        } while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    private async Task<double> MeasureAsync(CancellationToken ct)
    {
        var applied = await store.Advanced.ProjectionProgressFor(new ShardName(TradeProjection.Name), token: ct);
        await using var session = store.QuerySession();
        var oldest = await session.Events.QueryAllRawEvents().Where(e => e.Sequence > applied)
            .OrderBy(e => e.Sequence).Select(e => e.Timestamp).FirstOrDefaultAsync(ct);
        return oldest == default ? 0 : Math.Max(0, (DateTimeOffset.UtcNow - oldest).TotalSeconds);
    }
}
