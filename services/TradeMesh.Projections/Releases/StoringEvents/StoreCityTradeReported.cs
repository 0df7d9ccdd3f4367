using MassTransit;
using TradeMesh.Contracts;

namespace TradeMesh.Projections.Releases.StoringEvents;

/// <summary>Stores a batch of single-event messages (an older publisher's) in one transaction.</summary>
public sealed class StoreCityTradeReported(EventAppender appender) : IConsumer<Batch<CityTradeReported>>
{
    public Task Consume(ConsumeContext<Batch<CityTradeReported>> context) =>
        appender.AppendAsync([.. context.Message.Select(m => (m.Message, m.Headers.Get<string>(Telemetry.TraceParentHeader)))],
            context.CancellationToken);
}
