using Marten;
using Microsoft.AspNetCore.Http.HttpResults;
using TradeMesh.Projections.Figures;
using TradeMesh.Projections.Releases.GettingProgress;

namespace TradeMesh.Projections.Releases.GettingChanges;

/// <summary>GET /api/releases/{releaseId}/changes: 404 until the release is applied.</summary>
public static class GetReleaseChanges
{
    public static async Task<Results<Ok<ReleaseChanges>, ProblemHttpResult>> HandleAsync(string releaseId, IQuerySession session, CancellationToken ct)
    {
        var progress = await session.LoadAsync<ReleaseProgress>(releaseId, ct);
        var period = progress is null ? null : await session.LoadAsync<PeriodFigures>(progress.Period, ct);
        if (period is null || !period.IsComplete(releaseId))
            return TypedResults.Problem($"Release '{releaseId}' is not applied (unknown, or not all of its cities are in yet).",
                statusCode: StatusCodes.Status404NotFound, title: "Release not applied");
        return TypedResults.Ok(ReleaseChangesCalculator.Compute(period, releaseId));
    }
}
