using TradeMesh.Contracts;
using TradeMesh.Projections.Figures;
using TradeMesh.Projections.Queries;

namespace TradeMesh.Projections.Rankings;

/// <summary>Computes a ranking from the figures of a period and of its comparison period.</summary>
public static class RankingCalculator
{
    public static Ranking Compute(Period period, PeriodFigures? current, PeriodFigures? previous, Measure measure, DateTimeOffset? asOf = null,
        CityLevel level = CityLevel.City)
    {
        var comparedWith = period.ComparisonPeriod.ToString();
        // Cities and counties are ranked apart: a county lies inside a city, ranking both would count it twice.
        var figures = current?.Effective(measure, asOf).Where(f => CityNames.LevelOf(f.CityCode) == level).ToList() ?? [];
        var ranked = Rank(figures, measure);

        var previousFigures = previous?.Effective(measure, asOf).Where(f => CityNames.LevelOf(f.CityCode) == level).ToDictionary(f => f.CityCode) ?? [];
        var previousRanks = Rank(previousFigures.Values, measure).ToDictionary(r => r.Figure.CityCode, r => r.Rank);

        var national = measure == Measure.Total && current is not null
            ? current.EffectiveNationalTotal(asOf)?.Value : null;
        var basis = national ?? figures.Sum(f => f.Value(measure)!.Value);

        var entries = new List<RankingEntry>(ranked.Count);
        decimal? aboveValue = null;   // value of the nearest city with a strictly better rank
        for (var i = 0; i < ranked.Count; i++)
        {
            var (rank, f) = ranked[i];
            var value = f.Value(measure)!.Value;
            if (i > 0 && ranked[i - 1].Rank < rank) aboveValue = ranked[i - 1].Figure.Value(measure);
            int? previousRank = previousRanks.TryGetValue(f.CityCode, out var p) ? p : null;
            entries.Add(new RankingEntry(
                rank, f.CityCode, f.Name, CityNames.Province(f.CityCode, f.Province), value,
                Percent.Share(value, basis),
                aboveValue is { } above ? above - value : null,
                Growth(f, measure, previousFigures.GetValueOrDefault(f.CityCode)),
                previousRank,
                previousRank - rank,
                f.Stage.Name(), f.ReleaseId, CityNames.NameZh(f.CityCode), CityNames.ProvinceZh(f.CityCode)));
        }

        return new Ranking(period.ToString(), measure.Name(), TradeUnits.Canonical, national is null ? "listed" : "national",
            national, comparedWith, entries, level.Name());
    }

    /// <summary>Cities by their value of the measure, ties listed by city code.</summary>
    public static List<(int Rank, CityFigure Figure)> Rank(IEnumerable<CityFigure> figures, Measure measure) =>
        Rank(figures, f => f.Value(measure), f => f.CityCode);

    /// <summary>"1224" competition ranking: highest first, ties share a rank and are listed by key (ordinal).</summary>
    public static List<(int Rank, T Item)> Rank<T>(IEnumerable<T> items, Func<T, decimal?> value, Func<T, string> key)
    {
        var sorted = items.OrderByDescending(value).ThenBy(key, StringComparer.Ordinal).ToList();
        var result = new List<(int, T)>(sorted.Count);
        for (var i = 0; i < sorted.Count; i++)
        {
            var rank = i > 0 && value(sorted[i]) == value(sorted[i - 1]) ? result[i - 1].Item1 : i + 1;
            result.Add((rank, sorted[i]));
        }
        return result;
    }

    /// <summary>The reported growth (it describes total); otherwise computed from the comparison period.</summary>
    public static decimal? Growth(CityFigure current, Measure measure, CityFigure? previous)
    {
        if (measure == Measure.Total && current.YoyPct is { } reported) return Percent.Round(reported);
        return previous?.Value(measure) is { } before and > 0
            ? Percent.Round((current.Value(measure)!.Value / before - 1m) * 100m)
            : null;
    }
}

public static class Percent
{
    /// <summary>Percentages are rounded to 2 decimals, half away from zero; money never is.</summary>
    public static decimal Round(decimal pct) => Math.Round(pct, 2, MidpointRounding.AwayFromZero);

    public static decimal Share(decimal value, decimal basis) => basis == 0 ? 0 : Round(value / basis * 100m);
}
