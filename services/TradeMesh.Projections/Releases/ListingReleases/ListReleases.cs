using System.Globalization;
using Marten;
using Microsoft.AspNetCore.Http.HttpResults;
using TradeMesh.Contracts;
using TradeMesh.Projections.Queries;
using TradeMesh.Projections.Releases.GettingProgress;

namespace TradeMesh.Projections.Releases.ListingReleases;

public sealed record ReleaseListItem(string ReleaseId, string Period, string Stage, DateTimeOffset PublishedAt, int Cities, ReleaseStatus Status,
    int WarningCount);

/// <summary>GET /api/releases?period=&amp;top=50: the latest releases the projection service holds, newest publishedAt first.</summary>
public static class ListReleases
{
    public const int MaxTop = 1_000;

    public static async Task<Results<Ok<IReadOnlyList<ReleaseListItem>>, ProblemHttpResult>> HandleAsync(
        string? period, string? top, IQuerySession session, CancellationToken ct)
    {
        var problems = new List<string>();
        if (period is not null && !Period.TryParse(period, out _)) problems.Add($"period: '{period}' is not YYYY, YYYY-MM or YYYY-MM-YTD");
        var n = 50;
        if (top is not null && (!int.TryParse(top, NumberStyles.None, CultureInfo.InvariantCulture, out n) || n is < 1 or > MaxTop))
            problems.Add($"top: '{top}' is not a whole number between 1 and {MaxTop}");
        if (problems.Count > 0) return QueryArguments.BadRequest(problems);

        IQueryable<ReleaseProgress> query = session.Query<ReleaseProgress>();
        if (period is not null)
        {
            var id = Period.Parse(period).ToString();
            query = query.Where(r => r.Period == id);
        }
        var releases = await query.OrderByDescending(r => r.PublishedAt).ThenByDescending(r => r.Id).Take(n).ToListAsync(ct);
        return TypedResults.Ok<IReadOnlyList<ReleaseListItem>>([.. releases.Select(r => new ReleaseListItem(r.Id, r.Period, r.Stage, r.PublishedAt,
            r.Cities, r.Applied >= r.Cities ? ReleaseStatus.Applied : ReleaseStatus.Accepted, r.Warnings.Count))]);
    }
}
