using System.Diagnostics;
using Marten;
using JasperFx;
using TradeMesh.Ingestion.Releases.Validating;

namespace TradeMesh.Ingestion.Releases.SubmittingRelease;

public enum IntakeResult { Accepted, Conflict, BrokerUnavailable }

/// <summary>
/// Takes a valid release in exactly once per id, whichever path (HTTP or AMQP) it came by:
/// record it, publish its events with confirms, then mark it published. An earlier refusal of the
/// id does not stand in the way (a corrected release may reuse it).
/// </summary>
public sealed class ReleaseIntakeService(IDocumentStore store, ReleasePublisher publisher, ILogger<ReleaseIntakeService> logger)
{
    private static readonly System.Diagnostics.Metrics.Counter<long> Accepted =
        Telemetry.Meter.CreateCounter<long>("trademesh.releases.accepted", description: "Releases whose events the broker confirmed");

    public async Task<(IntakeResult Result, ReleaseIntake Intake)> SubmitAsync(ValidRelease release, CancellationToken ct)
    {
        var intake = await RecordAsync(release, ct);
        if (intake.ContentHash != release.ContentHash())
            return (IntakeResult.Conflict, intake);
        if (intake.Published) return (IntakeResult.Accepted, intake);

        try
        {
            await publisher.PublishAsync(release, ct);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            // The intake stays unpublished: an identical re-send publishes again (event ids make that safe).
            logger.LogWarning(ex, "Broker did not confirm the events of release {ReleaseId}", release.ReleaseId);
            return (IntakeResult.BrokerUnavailable, intake);
        }

        // The events are out: remembering that must not be cancelled by a client that hung up.
        intake.Published = true;
        await using var session = store.LightweightSession();
        session.Store(intake);
        await session.SaveChangesAsync(CancellationToken.None);
        Accepted.Add(1);
        return (IntakeResult.Accepted, intake);
    }

    private Task<ReleaseIntake> RecordAsync(ValidRelease release, CancellationToken ct) =>
        InsertOrLoadAsync(new ReleaseIntake
        {
            Id = release.ReleaseId, ContentHash = release.ContentHash(), Cities = release.Cities.Count, Warnings = [.. release.Warnings],
            ReceivedAt = DateTimeOffset.UtcNow, TraceId = Activity.Current?.TraceId.ToString(),
        }, ct);

    /// <summary>Insert, or load what an earlier (or concurrent) send of the same id recorded.</summary>
    private async Task<ReleaseIntake> InsertOrLoadAsync(ReleaseIntake candidate, CancellationToken ct)
    {
        await using (var query = store.QuerySession())
        {
            if (await query.LoadAsync<ReleaseIntake>(candidate.Id, ct) is { } existing) return existing;
        }
        try
        {
            await using var session = store.LightweightSession();
            session.Insert(candidate);
            await session.SaveChangesAsync(ct);
            return candidate;
        }
        catch (DocumentAlreadyExistsException)
        {
            // Another replica or request won the race; its record is the truth.
            await using var query = store.QuerySession();
            return await query.LoadAsync<ReleaseIntake>(candidate.Id, ct)
                ?? throw new InvalidOperationException($"release {candidate.Id} vanished");
        }
    }
}
