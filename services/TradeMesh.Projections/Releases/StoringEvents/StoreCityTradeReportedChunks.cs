using MassTransit;
using TradeMesh.Contracts;

namespace TradeMesh.Projections.Releases.StoringEvents;

/// <summary>
/// Stores the events of a batch of chunk messages (what ingestion publishes) in one transaction,
/// each with its release's trace and the time ingestion published it (its acceptance).
/// </summary>
public sealed class StoreCityTradeReportedChunks(EventAppender appender) : IConsumer<Batch<CityTradeReportedChunk>>
{
    public Task Consume(ConsumeContext<Batch<CityTradeReportedChunk>> context) =>
        appender.AppendAsync([.. context.Message.SelectMany(m => m.Message.Events,
            (m, e) => (e, m.Headers.Get<string>(Telemetry.TraceParentHeader), m.SentTime is { } sent ? new DateTimeOffset(sent, TimeSpan.Zero) : (DateTimeOffset?)null))],
            context.CancellationToken);
}
