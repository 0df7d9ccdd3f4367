using System.Diagnostics;
using JasperFx.Events;
using Marten;
using Marten.Events.Projections;
using TradeMesh.Contracts;
using TradeMesh.Projections.Feed;
using TradeMesh.Projections.Releases.MeasuringLatency;

namespace TradeMesh.Projections.ReadModels;

/// <summary>
/// The async projection behind every read model. Marten's daemon hands it events in sequence
/// order, in batches, and commits the documents it stores together with its progress. Its span
/// links to the trace of every release in the batch (the trace context stored with each event).
/// </summary>
public sealed class TradeProjection : IProjection
{
    public const string Name = "trade-read-models";

    public async Task ApplyAsync(IDocumentOperations operations, IReadOnlyList<IEvent> events, CancellationToken cancellation)
    {
        var links = events
            .Select(e => e.Headers?.GetValueOrDefault(Telemetry.TraceParentHeader)?.ToString())
            .Distinct()
            .Select(t => Telemetry.TryParse(t, out var context) ? new ActivityLink(context) : default)
            .Where(l => l.Context != default).ToList();
        using var activity = Telemetry.Source.StartActivity("project read models", ActivityKind.Internal, parentContext: default, links: links);
        activity?.SetTag("trademesh.events", events.Count);

        var session = new MartenReadModelSession(operations);
        var (completed, changed) = await TradeReadModels.ApplyAsync(session, [.. events.Select(e => e.Data).OfType<CityTradeReported>()], cancellation);
        PushToApplied.Record(completed, events);
        // The outbox row commits with the read models that make the release applied (see ReleaseFeedTable).
        foreach (var release in completed)
            ReleaseFeedTable.QueueInsert(operations, await ReleaseDigests.OfAsync(release, changed, session, cancellation));
    }
}
