using JasperFx.Events;
using JasperFx.Events.Daemon;
using JasperFx.Events.Projections;
using Marten;
using TradeMesh.Contracts;
using TradeMesh.Projections.Cities.GettingHistory;
using TradeMesh.Projections.Figures;
using TradeMesh.Projections.Movers;
using TradeMesh.Projections.Periods.ListingPeriods;
using TradeMesh.Projections.Rankings;
using TradeMesh.Projections.Releases.GettingProgress;

namespace TradeMesh.Projections.Projections;

public sealed record RebuildResult(long Events, long UpToSequence, int Documents, double Seconds);

/// <summary>
/// Rebuilds every read model from the event store while queries keep answering. Marten's own
/// rebuild deletes the documents first (queries would 404 meanwhile); this one pauses the daemon,
/// replays the events it had applied into memory, recomputes each period once, and swaps the
/// documents in one transaction. The daemon then resumes from where it paused, so no event is
/// skipped and none is applied twice.
/// </summary>
public sealed class ReadModelRebuilder(IDocumentStore store, IProjectionCoordinator coordinator, ILogger<ReadModelRebuilder> logger)
{
    private const int PageSize = 10_000;

    public async Task<RebuildResult> RebuildAsync(CancellationToken ct)
    {
        var started = DateTimeOffset.UtcNow;
        await coordinator.PauseAsync();
        try
        {
            var upTo = await store.Advanced.ProjectionProgressFor(new ShardName(TradeProjection.Name), token: ct);
            var memory = new MemoryReadModelSession();
            var changed = new Dictionary<string, PeriodFigures>();
            long after = 0, count = 0;

            await using (var query = store.QuerySession())
            {
                while (true)
                {
                    var page = await query.Events.QueryAllRawEvents()
                        .Where(e => e.Sequence > after && e.Sequence <= upTo)
                        .OrderBy(e => e.Sequence).Take(PageSize).ToListAsync(ct);
                    if (page.Count == 0) break;
                    after = page[^1].Sequence;
                    count += page.Count;
                    var events = page.Select(e => e.Data).OfType<CityTradeReported>().ToList();
                    foreach (var p in await TradeReadModels.ApplyFiguresAsync(memory, events, ct)) changed[p.Id] = p;
                }
            }
            await TradeReadModels.RecomputeAsync(memory, changed.Values, ct);

            var documents = await SwapAsync(memory, ct);
            var result = new RebuildResult(count, upTo, documents, (DateTimeOffset.UtcNow - started).TotalSeconds);
            logger.LogInformation("Rebuilt read models from {Events} events in {Seconds:F1} s", count, result.Seconds);
            return result;
        }
        finally
        {
            await coordinator.ResumeAsync();
        }
    }

    private async Task<int> SwapAsync(MemoryReadModelSession memory, CancellationToken ct)
    {
        await using var session = store.LightweightSession();
        var count = Replace<PeriodFigures>(session, memory) + Replace<PeriodSummary>(session, memory)
            + Replace<RankingView>(session, memory) + Replace<MoversView>(session, memory)
            + Replace<CityPeriodHistory>(session, memory) + Replace<ReleaseProgress>(session, memory);
        await session.SaveChangesAsync(ct);
        return count;
    }

    private static int Replace<T>(IDocumentSession session, MemoryReadModelSession memory) where T : class, IReadModel
    {
        session.DeleteWhere<T>(_ => true);
        var documents = memory.All<T>().ToList();
        if (documents.Count > 0) session.Store<T>(documents);
        return documents.Count;
    }
}
