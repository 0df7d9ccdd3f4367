using Marten;
using TradeMesh.Contracts;
using TradeMesh.Projections.Cities.GettingHistory;
using TradeMesh.Projections.Figures;

namespace TradeMesh.Projections.Movers.GettingMovers;

/// <summary>
/// Whether an upward milestone is a city's first: no earlier period of the same shape (for YTD,
/// earlier years' YTD to the same month) had it at or above the threshold. Worked out when
/// answering from the milestone cities' stored histories (a few small documents), because an
/// earlier year's late release changes it without touching this period's documents.
/// </summary>
public static class FirstTimeMilestones
{
    public static async Task<List<Milestone>> MarkAsync(IQuerySession session, Period period, Measure measure,
        IReadOnlyList<Milestone> milestones, DateTimeOffset? asOf, CancellationToken ct)
    {
        var cities = milestones.Where(m => m.Direction == "up").Select(m => m.CityCode).Distinct().ToArray();
        if (cities.Length == 0) return [.. milestones];
        var histories = await session.Query<CityPeriodHistory>().Where(h => h.CityCode.IsOneOf(cities)).ToListAsync(ct);
        var best = histories
            .Where(h => Period.TryParse(h.Period, out var p) && p.Kind == period.Kind && p.Month == period.Month && p.Year < period.Year)
            .GroupBy(h => h.CityCode)
            .ToDictionary(g => g.Key, g => g.Select(h => Supersession.Effective(h.Figures, measure, asOf)?.Value(measure) ?? 0m).DefaultIfEmpty(0m).Max());
        return [.. milestones.Select(m => m with { FirstTime = m.Direction == "up" && best.GetValueOrDefault(m.CityCode) < m.Threshold })];
    }
}
