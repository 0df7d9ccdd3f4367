using System.Diagnostics;
using System.Diagnostics.Metrics;
using MassTransit;
using TradeMesh.Contracts;
using TradeMesh.Ingestion.Releases.Rejecting;
using TradeMesh.Ingestion.Releases.SubmittingRelease;
using TradeMesh.Ingestion.Releases.Validating;

namespace TradeMesh.Ingestion.Releases.ReceivingMessages;

/// <summary>
/// Takes releases published as raw JSON to the <c>trademesh.releases</c> exchange by any AMQP
/// client: the same rules, idempotency and events as HTTP. Nobody waits for an answer here, so an
/// invalid release is recorded as rejected and announced with <see cref="TradeReleaseRejected"/>;
/// a transient fault (broker, database) throws and is retried, never turned into a rejection.
/// </summary>
public sealed class ReleaseMessageConsumer(ReleaseIntakeService intake, ReleaseRejections rejections,
    ILogger<ReleaseMessageConsumer> logger)
    : IConsumer<ReleaseMessage>
{
    public const string Queue = "trademesh.releases";

    private static readonly Counter<long> Poison = Telemetry.Meter.CreateCounter<long>("trademesh.releases.poison", description: "Release messages sent to the error queue");
    private static readonly Counter<long> Rejected = Telemetry.Meter.CreateCounter<long>("trademesh.releases.rejected", description: "Releases rejected by the rules");

    public async Task Consume(ConsumeContext<ReleaseMessage> context)
    {
        // A publisher that traces sets traceparent: the release continues its trace (else one starts here).
        using var activity = Telemetry.StartContinuing("receive release", ActivityKind.Consumer,
            context.Headers.Get<string>(Telemetry.TraceParentHeader));
        var body = context.ReceiveContext.Body.GetBytes();
        var draft = JsonReleaseReader.Read(body);
        if (draft.ReleaseId is not { } releaseId || !ReleaseRules.IsValidReleaseId(releaseId))
        {
            Poison.Add(1);
            throw new PoisonReleaseException("The message has no usable releaseId; it cannot be answered, so it is kept in the error queue.");
        }

        var (release, reasons) = ReleaseRules.Validate(draft);
        if (body.Length > SubmitRelease.MaxBodyBytes)
            (release, reasons) = (null, [.. reasons, new Reason(Reason.Body, $"{body.Length} bytes, over the limit of {SubmitRelease.MaxBodyBytes} bytes")]);

        if (release is null)
        {
            await RejectAsync(context, releaseId, Reason.Texts(reasons));
            return;
        }

        var (result, record) = await intake.SubmitAsync(release, context.CancellationToken);
        switch (result)
        {
            case IntakeResult.Conflict:
                // The id stays with what it was first sent with; the publisher hears why this one was not taken.
                logger.LogWarning("Release {ReleaseId} over AMQP conflicts with what was received before", releaseId);
                Rejected.Add(1);
                await context.Publish(new TradeReleaseRejected(releaseId,
                    [$"releaseId: '{releaseId}' was already received with other content (accepted)"], DateTimeOffset.UtcNow));
                break;
            case IntakeResult.BrokerUnavailable:
                throw new InvalidOperationException($"The broker did not confirm the events of release {releaseId}; retrying.");
        }
    }

    private async Task RejectAsync(ConsumeContext context, string releaseId, IReadOnlyList<string> reasons)
    {
        if (await rejections.RecordAsync(releaseId, reasons, context.CancellationToken) is not null)
            reasons = [$"releaseId: '{releaseId}' was already received with other content (accepted)", .. reasons];
        Rejected.Add(1);
        logger.LogInformation("Release {ReleaseId} over AMQP rejected: {Reasons}", releaseId, string.Join("; ", reasons));
        await context.Publish(new TradeReleaseRejected(releaseId, reasons, DateTimeOffset.UtcNow));
    }
}
