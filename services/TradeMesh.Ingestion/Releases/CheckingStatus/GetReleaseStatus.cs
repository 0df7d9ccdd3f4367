using Marten;
using Microsoft.AspNetCore.Http.HttpResults;
using TradeMesh.Ingestion.Releases.OpeningTrace;
using TradeMesh.Ingestion.Releases.SubmittingRelease;

namespace TradeMesh.Ingestion.Releases.CheckingStatus;

public sealed record ReleaseStatusResponse(string ReleaseId, string Status, int Cities, int Applied, IReadOnlyList<string> Reasons, string? TraceId, string? TraceUrl);

/// <summary>
/// GET /api/releases/{id}: ingestion knows whether a release was accepted or rejected; the
/// projection service knows how many of its cities the read models include.
/// </summary>
public static class GetReleaseStatus
{
    public static async Task<Results<Ok<ReleaseStatusResponse>, ProblemHttpResult>> HandleAsync(
        string releaseId, IQuerySession session, ProjectionsClient projections, IConfiguration configuration, CancellationToken ct)
    {
        var intake = await session.LoadAsync<ReleaseIntake>(releaseId, ct);
        if (intake is null)
            return TypedResults.Problem($"No release '{releaseId}' was received.", statusCode: 404, title: "Unknown release");
        if (intake.Status == ReleaseStatuses.Rejected)
            return TypedResults.Ok(new ReleaseStatusResponse(intake.Id, intake.Status, intake.Cities, 0, intake.Reasons, intake.TraceId, TraceLink.For(configuration, intake.TraceId)));

        // Asked even when ingestion did not record the broker's confirm (a crash in between): the events may be out.
        var applied = await projections.AppliedCitiesAsync(releaseId, ct);
        var status = applied >= intake.Cities ? ReleaseStatuses.Applied : ReleaseStatuses.Accepted;
        return TypedResults.Ok(new ReleaseStatusResponse(intake.Id, status, intake.Cities, applied, [], intake.TraceId, TraceLink.For(configuration, intake.TraceId)));
    }
}
