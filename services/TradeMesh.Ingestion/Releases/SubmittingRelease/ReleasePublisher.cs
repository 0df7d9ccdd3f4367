using MassTransit;
using Microsoft.Extensions.Options;
using TradeMesh.Contracts;
using TradeMesh.Ingestion.Releases.Validating;

namespace TradeMesh.Ingestion.Releases.SubmittingRelease;

public sealed class PublishingOptions
{
    /// <summary>How long to wait for the broker to confirm every event before answering 503.</summary>
    public int ConfirmTimeoutSeconds { get; set; } = 10;
}

/// <summary>
/// Publishes the release's CityTradeReported events, in chunks of up to 1,000 per message, and
/// returns only once the broker confirmed every chunk.
/// </summary>
public sealed class ReleasePublisher(IBus bus, IOptions<PublishingOptions> options)
{
    public async Task PublishAsync(ValidRelease release, CancellationToken ct)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(options.Value.ConfirmTimeoutSeconds));

        // The release's trace travels with each chunk, so the projection service can store it with the events.
        var traceParent = Telemetry.CurrentTraceParent();

        // MassTransit keeps publisher confirms on: each Publish completes when RabbitMQ confirmed it.
        // Mandatory: a message no queue would take comes back as a fault instead of vanishing.
        await Task.WhenAll(CityTradeReportedChunk.Of(release.ReleaseId, [.. release.ToEvents()]).Select(chunk => bus.Publish(chunk, context =>
        {
            context.MessageId = chunk.MessageId;
            if (traceParent is not null) context.Headers.Set(Telemetry.TraceParentHeader, traceParent, overwrite: false);
            context.SetAwaitAck(true);
            if (context.TryGetPayload<RabbitMqSendContext>(out var rabbit)) rabbit.Mandatory = true;
        }, timeout.Token)));
    }
}
