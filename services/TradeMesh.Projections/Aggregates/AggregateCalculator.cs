using TradeMesh.Contracts;
using TradeMesh.Projections.Figures;
using TradeMesh.Projections.Rankings;

namespace TradeMesh.Projections.Aggregates;

/// <summary>Sums a period's city-level figures by province or region (counties lie inside their cities and are never added).</summary>
public static class AggregateCalculator
{
    public static readonly string[] Groupings = ["province", "region"];

    /// <summary>The stored views of a period: each measure by province and by region.</summary>
    public static IEnumerable<AggregateView> Views(Period period, PeriodFigures current, PeriodFigures? previous)
    {
        foreach (var measure in Measures.All)
            foreach (var by in Groupings)
                yield return new AggregateView
                {
                    Id = AggregateView.IdFor(period.ToString(), measure, by),
                    Aggregates = Compute(period, current, previous, measure, by),
                };
    }

    public static AggregateRanking Compute(Period period, PeriodFigures? current, PeriodFigures? previous, Measure measure, string by, DateTimeOffset? asOf = null)
    {
        var now = Values(current, measure, asOf);
        var before = Values(previous, measure, asOf);
        var groups = GroupBy(now, by);
        var previousRanks = Rank(GroupBy(before, by)).ToDictionary(r => r.Item.Key, r => r.Rank);

        var national = measure == Measure.Total ? current?.EffectiveNationalTotal(asOf)?.Value : null;
        var basis = national ?? groups.Sum(g => g.Value);
        var entries = Rank(groups).Select(ranked =>
        {
            var (rank, g) = ranked;
            var comparable = g.Cities.Where(c => before.ContainsKey(c.Code)).ToList();
            var sumThen = comparable.Sum(c => before[c.Code]);
            decimal? yoy = comparable.Count == 0 || sumThen == 0 ? null : Percent.Round((comparable.Sum(c => c.Value) / sumThen - 1m) * 100m);
            int? previousRank = previousRanks.TryGetValue(g.Key, out var r) ? r : null;
            var (name, nameZh) = NamesOf(g.Key, by);
            return new AggregateEntry(rank, g.Key, name, nameZh, g.Value, g.Cities.Count, Percent.Share(g.Value, basis),
                yoy, comparable.Count, previousRank, previousRank - rank);
        }).ToList();

        return new AggregateRanking(period.ToString(), measure.Name(), by, TradeUnits.Canonical, period.ComparisonPeriod.ToString(),
            national is null ? "listed" : "national", national, entries.Count, entries);
    }

    private sealed record CityGroup(string Key, decimal Value, List<(string Code, decimal Value)> Cities);

    /// <summary>Each city-level city's effective value; a code with no mainland province belongs to no group.</summary>
    private static Dictionary<string, decimal> Values(PeriodFigures? figures, Measure measure, DateTimeOffset? asOf) =>
        figures?.Effective(measure, asOf)
            .Where(f => Geography.LevelOf(f.CityCode) == CityLevel.City)
            .ToDictionary(f => f.CityCode, f => f.Value(measure)!.Value) ?? [];

    private static List<CityGroup> GroupBy(Dictionary<string, decimal> values, string by) =>
        [.. values.GroupBy(v => KeyOf(v.Key, by))
            .Select(g => new CityGroup(g.Key, g.Sum(v => v.Value), [.. g.Select(v => (v.Key, v.Value))]))];

    private static string KeyOf(string cityCode, string by) =>
        by == "region" ? Geography.ProvinceOf(cityCode)!.Region : cityCode[..2];

    /// <summary>Highest first; ties share a rank ("1224") and are listed by key.</summary>
    private static List<(int Rank, CityGroup Item)> Rank(List<CityGroup> groups) => RankingCalculator.Rank(groups, g => g.Value, g => g.Key);

    private static (string Name, string? NameZh) NamesOf(string key, string by)
    {
        if (by == "region") return (key, null);
        var province = Geography.Provinces.First(p => p.Code == key);
        return (province.Name, province.NameZh);
    }
}
