using System.Diagnostics;
using System.Diagnostics.Metrics;
using Marten;
using TradeMesh.Contracts;
using TradeMesh.Projections.Releases.MeasuringLatency;

namespace TradeMesh.Projections.Releases.StoringEvents;

/// <summary>
/// Appends received CityTradeReported events to the event store in one transaction. Ids already
/// stored (a redelivery, a re-sent release) are skipped; if another replica stores the same id
/// between our check and our commit, the unique index refuses the batch and the retry skips it.
/// The consumers acknowledge the broker's messages only after this commit. Each event keeps the
/// trace context of the release it came from, so the projection work it causes can link to that trace.
/// </summary>
public sealed class EventAppender(IDocumentStore store, ILogger<EventAppender> logger)
{
    private static readonly Counter<long> Appended =
        Telemetry.Meter.CreateCounter<long>("trademesh.events.appended", description: "CityTradeReported events stored");
    private static readonly Counter<long> Duplicates =
        Telemetry.Meter.CreateCounter<long>("trademesh.events.duplicates", description: "Redelivered or re-sent events recognised and skipped");

    public async Task AppendAsync(IReadOnlyList<(CityTradeReported Event, string? TraceParent, DateTimeOffset? AcceptedAt)> received, CancellationToken ct)
    {
        var messages = received.DistinctBy(m => m.Event.EventId).ToList();

        // Usually a batch is one release: its span joins that release's trace; otherwise it links to each.
        var traces = messages.Select(m => m.TraceParent).Where(t => t is not null).Distinct().ToList();
        using var activity = traces.Count == 1
            ? Telemetry.StartContinuing("store events", ActivityKind.Internal, traces[0])
            : Telemetry.StartContinuing("store events", ActivityKind.Internal, null, Links(traces));
        activity?.SetTag("trademesh.events", messages.Count);

        await using var session = store.LightweightSession();
        var ids = messages.Select(m => m.Event.EventId).ToArray();
        var stored = (await session.Events.QueryAllRawEvents().Where(e => ids.Contains(e.Id)).Select(e => e.Id).ToListAsync(ct)).ToHashSet();

        var fresh = messages.Where(m => !stored.Contains(m.Event.EventId)).ToList();
        foreach (var release in fresh.GroupBy(m => m.Event.ReleaseId))
        {
            session.Events.Append(release.Key, [.. release.Select(m => (object)ToStoredEvent(m.Event, m.TraceParent, m.AcceptedAt))]);
        }
        await session.SaveChangesAsync(ct);

        var duplicates = received.Count - fresh.Count;
        Appended.Add(fresh.Count);
        Duplicates.Add(duplicates);
        activity?.SetTag("trademesh.events.duplicates", duplicates);
        // Worth a line: duplicates only come from redeliveries after a fault or a re-sent release.
        if (duplicates > 0) logger.LogInformation("Skipped {Duplicates} events already stored (of {Received} received)", duplicates, received.Count);
    }

    private static JasperFx.Events.Event<CityTradeReported> ToStoredEvent(CityTradeReported e, string? traceParent, DateTimeOffset? acceptedAt)
    {
        var stored = new JasperFx.Events.Event<CityTradeReported>(e) { Id = e.EventId };
        if (traceParent is not null) stored.SetHeader(Telemetry.TraceParentHeader, traceParent);
        if (acceptedAt is { } at) stored.SetHeader(PushToApplied.AcceptedAtHeader, PushToApplied.Format(at));
        return stored;
    }

    private static IEnumerable<ActivityLink> Links(IEnumerable<string?> traceParents) =>
        traceParents.Select(t => Telemetry.TryParse(t, out var c) ? new ActivityLink(c) : default).Where(l => l.Context != default);
}
