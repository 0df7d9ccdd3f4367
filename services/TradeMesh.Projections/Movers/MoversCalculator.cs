using TradeMesh.Projections.Rankings;

namespace TradeMesh.Projections.Movers;

/// <summary>Derives the movers from a ranking (which already carries previous ranks and growth).</summary>
public static class MoversCalculator
{
    // 亿元: 100 bn, 500 bn, 1 tn, 2 tn, 3 tn, 4 tn RMB.
    public static readonly decimal[] Thresholds = [1_000m, 5_000m, 10_000m, 20_000m, 30_000m, 40_000m];

    /// <summary>How far down the current ranking overtakes are looked for.</summary>
    public const int OvertakeDepth = 50;

    /// <summary>Every mover of a ranking, given the comparison period's ranking.</summary>
    public static PeriodMovers Compute(Ranking ranking, Ranking previous) =>
        Of(ranking, Overtakes(ranking.Entries), Milestones(ranking.Entries, previous.Entries.ToDictionary(e => e.CityCode, e => e.Value)));

    /// <summary>The movers of a stored ranking view.</summary>
    public static PeriodMovers Of(RankingView view) => Of(view.Ranking, view.Overtakes, view.Milestones);

    private static PeriodMovers Of(Ranking ranking, IReadOnlyList<Overtake> overtakes, IReadOnlyList<Milestone> milestones)
    {
        var entries = ranking.Entries;
        var growth = entries.Where(e => e.YoyPct is not null)
            .Select(e => new GrowthMover(e.CityCode, e.Name, e.Value, e.YoyPct!.Value, e.NameZh)).ToList();
        var fastest = growth.OrderByDescending(g => g.YoyPct).ThenBy(g => g.CityCode, StringComparer.Ordinal).ToList();
        var declines = growth.Where(g => g.YoyPct < 0).OrderBy(g => g.YoyPct).ThenBy(g => g.CityCode, StringComparer.Ordinal).ToList();

        var moved = entries.Where(e => e.RankChange is not null and not 0)
            .Select(e => new RankMover(e.CityCode, e.Name, e.Rank, e.PreviousRank!.Value, e.RankChange!.Value, e.NameZh)).ToList();
        var climbers = moved.Where(m => m.RankChange > 0).OrderByDescending(m => m.RankChange).ThenBy(m => m.Rank).ThenBy(m => m.CityCode, StringComparer.Ordinal).ToList();
        var fallers = moved.Where(m => m.RankChange < 0).OrderBy(m => m.RankChange).ThenBy(m => m.Rank).ThenBy(m => m.CityCode, StringComparer.Ordinal).ToList();

        return new PeriodMovers(ranking.Period, ranking.ComparedWith, ranking.Measure, fastest, declines, climbers, fallers, overtakes, milestones,
            ranking.Unit, ranking.Level);
    }

    /// <summary>Every pair within the current top 50, both ranked before, whose order flipped.</summary>
    public static List<Overtake> Overtakes(IReadOnlyList<RankingEntry> entries)
    {
        var top = entries.Where(e => e.Rank <= OvertakeDepth && e.PreviousRank is not null).ToList();
        var result = new List<Overtake>();
        foreach (var a in top)
            foreach (var b in top)
                if (a.Rank < b.Rank && a.PreviousRank > b.PreviousRank)
                    result.Add(new Overtake(a.CityCode, a.Name, a.Rank, b.CityCode, b.Name, b.Rank, a.NameZh));
        return [.. result.OrderBy(o => o.Rank).ThenBy(o => o.OvertakenRank)
            .ThenBy(o => o.CityCode, StringComparer.Ordinal).ThenBy(o => o.OvertakenCityCode, StringComparer.Ordinal)];
    }

    /// <summary>
    /// Thresholds crossed between the comparison period (each city's value there) and this one,
    /// either way; highest threshold first, then the larger value. The entries come in rank order
    /// (value, then city code), so walking them once per threshold lists the milestones in order.
    /// </summary>
    public static List<Milestone> Milestones(IReadOnlyList<RankingEntry> entries, IReadOnlyDictionary<string, decimal> previousValues)
    {
        var result = new List<Milestone>();
        foreach (var t in Thresholds.OrderDescending())
            foreach (var e in entries)
            {
                if (!previousValues.TryGetValue(e.CityCode, out var before)) continue;
                if (before < t && t <= e.Value) result.Add(new Milestone(e.CityCode, e.Name, e.Value, t, "up", NameZh: e.NameZh));
                else if (e.Value < t && t <= before) result.Add(new Milestone(e.CityCode, e.Name, e.Value, t, "down", NameZh: e.NameZh));
            }
        return result;
    }
}
