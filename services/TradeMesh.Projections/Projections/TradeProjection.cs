using JasperFx.Events;
using Marten;
using Marten.Events.Projections;
using TradeMesh.Contracts;

namespace TradeMesh.Projections.Projections;

/// <summary>
/// The async projection behind every read model. Marten's daemon hands it events in sequence
/// order, in batches, and commits the documents it stores together with its progress.
/// </summary>
public sealed class TradeProjection : IProjection
{
    public const string Name = "trade-read-models";

    public Task ApplyAsync(IDocumentOperations operations, IReadOnlyList<IEvent> events, CancellationToken cancellation) =>
        TradeReadModels.ApplyAsync(new MartenReadModelSession(operations), [.. events.Select(e => e.Data).OfType<CityTradeReported>()], cancellation);
}
