using Marten;
using Microsoft.AspNetCore.Http.HttpResults;
using TradeMesh.Contracts;
using TradeMesh.Ingestion.Releases.OpeningTrace;
using TradeMesh.Ingestion.Releases.Rejecting;
using TradeMesh.Ingestion.Releases.SubmittingRelease;

namespace TradeMesh.Ingestion.Releases.CheckingStatus;

public sealed record ReleaseStatusResponse(string ReleaseId, ReleaseStatus Status, int Cities, int Applied, IReadOnlyList<string> Reasons,
    IReadOnlyList<ReleaseWarning> Warnings, int WarningCount, string? TraceId, string? TraceUrl);

/// <summary>
/// GET /api/releases/{id}: ingestion knows whether a release was accepted or rejected, and the
/// warnings the release shows by itself; the projection service knows how many of its cities the
/// read models include, and every warning once it is applied.
/// </summary>
public static class GetReleaseStatus
{
    public static async Task<Results<Ok<ReleaseStatusResponse>, ProblemHttpResult>> HandleAsync(
        string releaseId, IQuerySession session, ProjectionsClient projections, IConfiguration configuration, CancellationToken ct)
    {
        var intake = await session.LoadAsync<ReleaseIntake>(releaseId, ct);
        if (intake is null)
        {
            // A refusal does not reserve the id, so it is shown only while nothing was accepted under it.
            return await session.LoadAsync<ReleaseRejection>(releaseId, ct) is { } rejection
                ? TypedResults.Ok(new ReleaseStatusResponse(rejection.Id, ReleaseStatus.Rejected, 0, 0, rejection.Reasons, [], 0, rejection.TraceId, TraceLink.For(configuration, rejection.TraceId)))
                : TypedResults.Problem($"No release '{releaseId}' was received.", statusCode: 404, title: "Unknown release");
        }

        // Asked even when ingestion did not record the broker's confirm (a crash in between): the events may be out.
        var progress = await projections.ProgressAsync(releaseId, ct);
        var status = progress.Applied >= intake.Cities ? ReleaseStatus.Applied : ReleaseStatus.Accepted;
        // Applied, the projection service has judged every warning; until then, what ingestion saw.
        var warnings = ReleaseWarning.Ordered(status == ReleaseStatus.Applied ? progress.Warnings : intake.Warnings);
        return TypedResults.Ok(new ReleaseStatusResponse(intake.Id, status, intake.Cities, progress.Applied, [],
            [.. warnings.Take(ReleaseWarning.Listed)], warnings.Count, intake.TraceId, TraceLink.For(configuration, intake.TraceId)));
    }
}
