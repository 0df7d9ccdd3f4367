using System.Diagnostics;
using JasperFx.Events.Daemon;
using JasperFx.Events.Projections;
using Marten;
using TradeMesh.Contracts;
using TradeMesh.Projections.Aggregates;
using TradeMesh.Projections.Cities.GettingHistory;
using TradeMesh.Projections.Cities.ListingCities;
using TradeMesh.Projections.Figures;
using TradeMesh.Projections.Periods.ListingPeriods;
using TradeMesh.Projections.ReadModels;
using TradeMesh.Projections.Rankings;
using TradeMesh.Projections.Releases.GettingProgress;

namespace TradeMesh.Projections.Rebuilding;

/// <summary>A rebuild that must not replace the read models: another replica's daemon wrote to them meanwhile.</summary>
public sealed class RebuildConflictException(string message) : Exception(message);

/// <summary>How a rebuild went: events replayed, up to which sequence, documents written, and where the time went.</summary>
public sealed record RebuildResult(long Events, long UpToSequence, int Documents, double Seconds, double ReplaySeconds, double WriteSeconds);

/// <summary>
/// Rebuilds every read model from the event store while queries keep answering. Marten's own
/// rebuild deletes the documents first (queries would 404 meanwhile); this one pauses the daemon,
/// replays the events it had applied into the periods' figures in memory, makes every document
/// from them (the same functions the daemon uses), writes them into new tables and swaps those in
/// at once. The daemon then resumes from where it paused, so no event is skipped and none is
/// applied twice. Memory holds the figures (about one object per event), never all the documents:
/// those are made as they are written.
/// </summary>
public sealed class ReadModelRebuilder(IDocumentStore store, IProjectionCoordinator coordinator, ILogger<ReadModelRebuilder> logger)
{
    private const int PageSize = 10_000;

    public async Task<RebuildResult> RebuildAsync(CancellationToken ct)
    {
        var watch = Stopwatch.StartNew();
        await coordinator.PauseAsync();
        try
        {
            var upTo = await store.Advanced.ProjectionProgressFor(new ShardName(TradeProjection.Name), token: ct);
            var memory = new MemoryReadModelSession();
            long count = 0;
            await foreach (var page in StoredEvents.ReadAsync(store, upTo, PageSize, ct))
            {
                count += page.Count;
                await TradeReadModels.ApplyFiguresAsync(memory, page, ct);
            }
            var replayed = watch.Elapsed.TotalSeconds;

            var periods = memory.All<PeriodFigures>().ToDictionary(p => p.Id);
            // Three groups written in parallel: the city histories (a row per city and period), the
            // periods' figures with the small tables, and the rankings (computed as they are written).
            var documents = await new DocumentTableSwap(store, logger).ReplaceAsync([
                // The histories carry their ranked points: this group computes the rankings again (CPU, not bytes).
                [TableContents.Of(periods.Values.SelectMany(p => HistoriesOf(p, periods)), "city_code", h => h.CityCode)],
                [TableContents.Of(periods.Values), TableContents.Of(memory.All<PeriodSummary>()), TableContents.Of(memory.All<ReleaseProgress>()),
                    TableContents.Of([CityDirectory.Of(periods.Values)])],
                [TableContents.Of(periods.Values.SelectMany(p => RankingViewsOf(p, periods))),
                    TableContents.Of(periods.Values.SelectMany(p => AggregateViewsOf(p, periods)))],
            ], token => AssertNotMovedOnAsync(upTo, token), ct);

            var result = new RebuildResult(count, upTo, documents, watch.Elapsed.TotalSeconds, replayed, watch.Elapsed.TotalSeconds - replayed);
            logger.LogInformation("Rebuilt read models from {Events} events in {Seconds:F1} s: {Documents} documents; replay {Replay:F1} s, writing {Write:F1} s",
                count, result.Seconds, documents, result.ReplaySeconds, result.WriteSeconds);
            return result;
        }
        finally
        {
            await coordinator.ResumeAsync();
        }
    }

    /// <summary>
    /// The daemon here is paused, so the applied position must still be where the rebuild started.
    /// If it moved, another replica's daemon applied events meanwhile (HotCold lost its lock, or a
    /// standby took over): its writes went into the old tables and would be lost with them, so the
    /// swap is refused and the old tables stay. Called while the swap holds the tables: a daemon
    /// commits its documents and its position together, so none can move it until the swap ends.
    /// </summary>
    private async Task AssertNotMovedOnAsync(long upTo, CancellationToken ct)
    {
        var applied = await store.Advanced.ProjectionProgressFor(new ShardName(TradeProjection.Name), token: ct);
        if (applied != upTo)
            throw new RebuildConflictException($"Another replica applied events during the rebuild (the applied position moved from {upTo} to {applied}); " +
                "nothing was replaced. Stop the other projection replicas and rebuild again.");
    }

    private static IEnumerable<AggregateView> AggregateViewsOf(PeriodFigures figures, Dictionary<string, PeriodFigures> periods)
    {
        var period = Period.Parse(figures.Id);
        return AggregateCalculator.Views(period, figures, periods.GetValueOrDefault(period.ComparisonPeriod.ToString()));
    }

    private static IEnumerable<CityPeriodHistory> HistoriesOf(PeriodFigures figures, Dictionary<string, PeriodFigures> periods)
    {
        var points = CityPeriodHistory.PointsOf(RankingViewsOf(figures, periods));
        return CityPeriodHistory.Shown(figures, figures.Cities.Keys, points);
    }

    private static IEnumerable<RankingView> RankingViewsOf(PeriodFigures figures, Dictionary<string, PeriodFigures> periods)
    {
        var period = Period.Parse(figures.Id);
        return TradeReadModels.RankingViews(period, figures, periods.GetValueOrDefault(period.ComparisonPeriod.ToString()));
    }
}
