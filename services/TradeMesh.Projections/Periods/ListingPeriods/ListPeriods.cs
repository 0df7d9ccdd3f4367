using Marten;
using Microsoft.AspNetCore.Http.HttpResults;
using TradeMesh.Projections.Queries;

namespace TradeMesh.Projections.Periods.ListingPeriods;

public sealed record PeriodListItem(string Period, int Cities, int Releases, DateTimeOffset FirstPublishedAt, DateTimeOffset LastPublishedAt);

/// <summary>GET /api/periods: the periods that have data, newest period end first, then the longer span (2025 before 2025-12).</summary>
public static class ListPeriods
{
    public static async Task<Results<Ok<IReadOnlyList<PeriodListItem>>, ContentHttpResult, ProblemHttpResult>> HandleAsync(
        string? format, HttpContext context, IQuerySession session, CancellationToken ct)
    {
        var args = new QueryArguments();
        var csv = args.Csv(format, context);
        if (args.HasProblems) return args.BadRequest();

        var periods = await session.Query<PeriodSummary>().Where(p => p.Cities > 0).ToListAsync(ct);
        IReadOnlyList<PeriodListItem> items = [.. periods.OrderBy(p => p.Id, PeriodOrder.NewestFirst)
            .Select(p => new PeriodListItem(p.Id, p.Cities, p.Releases, p.FirstPublishedAt, p.LastPublishedAt))];
        return csv
            ? CsvAnswer.Of(items, ("period", p => p.Period), ("cities", p => p.Cities), ("releases", p => p.Releases),
                ("firstPublishedAt", p => p.FirstPublishedAt.ToString("O")), ("lastPublishedAt", p => p.LastPublishedAt.ToString("O")))
            : TypedResults.Ok(items);
    }
}
