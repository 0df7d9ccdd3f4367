using System.Diagnostics;
using Marten;
using TradeMesh.Ingestion.Releases.SubmittingRelease;

namespace TradeMesh.Ingestion.Releases.Rejecting;

/// <summary>Records refusals; the latest one of an id is the one its status shows.</summary>
public sealed class ReleaseRejections(IDocumentStore store)
{
    /// <summary>
    /// Records the refusal unless a release was already accepted under the id (its status stays
    /// that release's); returns that accepted intake, if any.
    /// </summary>
    public async Task<ReleaseIntake?> RecordAsync(string releaseId, IReadOnlyList<string> reasons, CancellationToken ct)
    {
        await using var session = store.LightweightSession();
        if (await session.LoadAsync<ReleaseIntake>(releaseId, ct) is { } accepted) return accepted;
        session.Store(new ReleaseRejection
        {
            // Cut as the 400 cuts them (EchoLimit), so the status URL shows the same reasons.
            Id = releaseId, Reasons = [.. reasons.Select(EchoLimit.Cut)], RejectedAt = DateTimeOffset.UtcNow, TraceId = Activity.Current?.TraceId.ToString(),
        });
        await session.SaveChangesAsync(ct);
        return null;
    }
}
