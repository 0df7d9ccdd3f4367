using MassTransit;
using Microsoft.Extensions.Options;
using TradeMesh.Ingestion.Releases.Validating;

namespace TradeMesh.Ingestion.Releases.SubmittingRelease;

public sealed class PublishingOptions
{
    /// <summary>How long to wait for the broker to confirm every event before answering 503.</summary>
    public int ConfirmTimeoutSeconds { get; set; } = 10;
}

/// <summary>Publishes one CityTradeReported per city and returns only once the broker confirmed all.</summary>
public sealed class ReleasePublisher(IBus bus, IOptions<PublishingOptions> options)
{
    public async Task PublishAsync(ValidRelease release, CancellationToken ct)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(options.Value.ConfirmTimeoutSeconds));

        // The release's trace travels with each event, so the projection service can store it with the event.
        var traceParent = Telemetry.CurrentTraceParent();

        // MassTransit keeps publisher confirms on: each Publish completes when RabbitMQ confirmed it.
        // Mandatory: a message no queue would take comes back as a fault instead of vanishing.
        await Task.WhenAll(release.ToEvents().Select(e => bus.Publish(e, context =>
        {
            context.MessageId = e.EventId;
            if (traceParent is not null) context.Headers.Set(Telemetry.TraceParentHeader, traceParent, overwrite: false);
            context.SetAwaitAck(true);
            if (context.TryGetPayload<RabbitMqSendContext>(out var rabbit)) rabbit.Mandatory = true;
        }, timeout.Token)));
    }
}
