using Marten;
using Microsoft.AspNetCore.Http.HttpResults;
using TradeMesh.Contracts;

namespace TradeMesh.Projections.Releases.GettingProgress;

public sealed record ReleaseProgressResponse(string ReleaseId, int Cities, int Applied, IReadOnlyList<ReleaseWarning> Warnings);

/// <summary>GET /internal/releases/{id}/progress: for ingestion's status answer; not routed by the gateway.</summary>
public static class GetReleaseProgress
{
    public static async Task<Results<Ok<ReleaseProgressResponse>, NotFound>> HandleAsync(string releaseId, IQuerySession session, CancellationToken ct)
    {
        var progress = await session.LoadAsync<ReleaseProgress>(releaseId, ct);
        return progress is null ? TypedResults.NotFound() : TypedResults.Ok(new ReleaseProgressResponse(progress.Id, progress.Cities, progress.Applied, progress.Warnings));
    }
}
