using Marten;

namespace TradeMesh.Projections.Periods.ListingPeriods;

public sealed record PeriodListItem(string Period, int Cities, int Releases, DateTimeOffset FirstPublishedAt, DateTimeOffset LastPublishedAt);

/// <summary>GET /api/periods: the periods that have data, newest first.</summary>
public static class ListPeriods
{
    public static async Task<IReadOnlyList<PeriodListItem>> HandleAsync(IQuerySession session, CancellationToken ct)
    {
        var periods = await session.Query<PeriodSummary>().ToListAsync(ct);
        return [.. periods.OrderByDescending(p => p.Id, StringComparer.Ordinal)
            .Select(p => new PeriodListItem(p.Id, p.Cities, p.Releases, p.FirstPublishedAt, p.LastPublishedAt))];
    }
}
