using JasperFx.Events;
using JasperFx.Events.Daemon;
using JasperFx.Events.Projections;
using Marten;
using Weasel.Core;
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
/// replays the events it had applied into memory, recomputes each period once, and writes the
/// documents over the old ones. The daemon then resumes from where it paused, so no event is
/// skipped and none is applied twice.
/// </summary>
public sealed class ReadModelRebuilder(IDocumentStore store, IProjectionCoordinator coordinator, ILogger<ReadModelRebuilder> logger)
{
    private const int PageSize = 10_000, WriteChunk = 50_000;

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

    /// <summary>
    /// Writes every rebuilt document over the stored one (COPY-based bulk upsert), in chunks: one
    /// upsert of a million documents outlasts the command timeout. Events are never removed, so the
    /// rebuilt set covers every stored id: each query answers from a whole old or a whole new
    /// document, never from nothing.
    /// </summary>
    private async Task<int> SwapAsync(MemoryReadModelSession memory, CancellationToken ct) =>
        await WriteAsync<PeriodFigures>(memory, ct) + await WriteAsync<PeriodSummary>(memory, ct)
        + await WriteAsync<RankingView>(memory, ct) + await WriteAsync<MoversView>(memory, ct)
        + await WriteAsync<CityPeriodHistory>(memory, ct) + await WriteAsync<ReleaseProgress>(memory, ct);

    private async Task<int> WriteAsync<T>(MemoryReadModelSession memory, CancellationToken ct) where T : class, IReadModel
    {
        var count = 0;
        foreach (var chunk in memory.All<T>().Chunk(WriteChunk))
        {
            await store.BulkInsertAsync(chunk, BulkInsertMode.OverwriteExisting, batchSize: 5_000, ct);
            count += chunk.Length;
        }
        return count;
    }
}
