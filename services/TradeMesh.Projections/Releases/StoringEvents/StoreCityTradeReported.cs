using Marten;
using MassTransit;
using TradeMesh.Contracts;

namespace TradeMesh.Projections.Releases.StoringEvents;

/// <summary>
/// Appends a batch of CityTradeReported events to the event store in one transaction. Ids already
/// stored (a redelivery, a re-sent release) are skipped; if another replica stores the same id
/// between our check and our commit, the unique index refuses the batch and the retry skips it.
/// The broker's message is acknowledged only after this commit.
/// </summary>
public sealed class StoreCityTradeReported(IDocumentStore store) : IConsumer<Batch<CityTradeReported>>
{
    public async Task Consume(ConsumeContext<Batch<CityTradeReported>> context)
    {
        var ct = context.CancellationToken;
        var messages = context.Message.Select(m => m.Message).DistinctBy(m => m.EventId).ToList();
        var ids = messages.Select(m => m.EventId).ToArray();

        await using var session = store.LightweightSession();
        var stored = (await session.Events.QueryAllRawEvents().Where(e => ids.Contains(e.Id)).Select(e => e.Id).ToListAsync(ct)).ToHashSet();

        foreach (var release in messages.Where(m => !stored.Contains(m.EventId)).GroupBy(m => m.ReleaseId))
        {
            session.Events.Append(release.Key, release.Select(m => (object)new JasperFx.Events.Event<CityTradeReported>(m) { Id = m.EventId }).ToArray());
        }
        await session.SaveChangesAsync(ct);
    }
}
