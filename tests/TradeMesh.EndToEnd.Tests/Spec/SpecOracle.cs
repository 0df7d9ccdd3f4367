namespace TradeMesh.EndToEnd.Tests.Spec;

public sealed record SpecEntry(int Rank, string CityCode, string Name, string? Province, decimal Value, decimal SharePct,
    decimal? GapToAbove, decimal? YoyPct, int? PreviousRank, int? RankChange, string Stage, string ReleaseId);

public sealed record SpecRanking(string Period, string ShareBasis, decimal? NationalTotal, string ComparedWith, List<SpecEntry> Entries);

public sealed record SpecMovers(
    List<(string City, decimal Yoy)> FastestGrowth, List<(string City, decimal Yoy)> SteepestDecline,
    List<(string City, int Change)> Climbers, List<(string City, int Change)> Fallers,
    List<(string City, string Overtaken)> Overtakes, List<(string City, decimal Threshold, string Direction)> Milestones);

/// <summary>The ranking and movers rules of docs/api.md, computed the straightforward way.</summary>
public sealed class SpecOracle(IReadOnlyList<SpecRelease> releases)
{
    private static decimal Pct(decimal x) => Math.Round(x, 2, MidpointRounding.AwayFromZero);

    private static string Earlier(string period) => (int.Parse(period[..4]) - 1).ToString("D4") + period[4..];

    /// <summary>Each city's winning figure: highest stage, then latest publishedAt.</summary>
    private Dictionary<string, (SpecCity City, SpecRelease Release)> Effective(string period, string measure, DateTimeOffset? asOf)
    {
        var result = new Dictionary<string, (SpecCity, SpecRelease)>();
        foreach (var r in releases.Where(r => r.Period == period && (asOf is null || r.PublishedAt <= asOf)))
            foreach (var c in r.Cities.Where(c => c.Value(measure) is not null))
            {
                if (!result.TryGetValue(c.CityCode, out var best)
                    || r.StageRank > best.Item2.StageRank
                    || (r.StageRank == best.Item2.StageRank && r.PublishedAt > best.Item2.PublishedAt))
                    result[c.CityCode] = (c, r);
            }
        return result;
    }

    public SpecRanking Ranking(string period, string measure = "total", DateTimeOffset? asOf = null)
    {
        var now = Effective(period, measure, asOf);
        var before = Effective(Earlier(period), measure, asOf);
        int RankIn(Dictionary<string, (SpecCity City, SpecRelease)> set, decimal v) =>
            1 + set.Values.Count(x => x.City.Value(measure) > v);

        var national = measure != "total" ? null : releases
            .Where(r => r.Period == period && r.NationalTotal is not null && (asOf is null || r.PublishedAt <= asOf))
            .OrderBy(r => r.StageRank).ThenBy(r => r.PublishedAt).LastOrDefault()?.NationalTotal;
        var basis = national ?? now.Values.Sum(x => x.City.Value(measure)!.Value);

        var entries = now.Values.Select(x =>
        {
            var v = x.City.Value(measure)!.Value;
            var higher = now.Values.Select(o => o.City.Value(measure)!.Value).Where(o => o > v).ToList();
            int? prevRank = before.TryGetValue(x.City.CityCode, out var b) ? RankIn(before, b.City.Value(measure)!.Value) : null;
            var prevValue = b.City?.Value(measure);
            decimal? yoy = measure == "total" && x.City.YoyPct is { } reported ? Pct(reported)
                : prevValue is > 0 ? Pct((v / prevValue.Value - 1) * 100) : null;
            var rank = RankIn(now, v);
            return new SpecEntry(rank, x.City.CityCode, x.City.Name, x.City.Province, v, Pct(v / basis * 100),
                higher.Count == 0 ? null : higher.Min() - v, yoy, prevRank, prevRank - rank,
                SpecRelease.Stages[x.Release.StageRank], x.Release.ReleaseId);
        }).OrderBy(e => e.Rank).ThenBy(e => e.CityCode, StringComparer.Ordinal).ToList();

        return new SpecRanking(period, national is null ? "listed" : "national", national, Earlier(period), entries);
    }

    public SpecMovers Movers(string period, string measure = "total", int top = 5)
    {
        var now = Ranking(period, measure).Entries;
        var before = Ranking(Earlier(period), measure).Entries.ToDictionary(e => e.CityCode);
        var withYoy = now.Where(e => e.YoyPct is not null).ToList();
        var both = now.Where(e => e.PreviousRank is not null).ToList();

        var overtakes = new List<(SpecEntry A, SpecEntry B)>();
        foreach (var a in both.Where(e => e.Rank <= 50))
            foreach (var b in both.Where(e => e.Rank <= 50))
                if (a.Rank < b.Rank && a.PreviousRank > b.PreviousRank) overtakes.Add((a, b));

        var thresholds = new[] { 1000m, 5000m, 10000m, 20000m, 30000m, 40000m };
        var milestones = new List<(string, decimal, string, decimal)>();
        foreach (var e in now.Where(e => before.ContainsKey(e.CityCode)))
            foreach (var t in thresholds)
            {
                var was = before[e.CityCode].Value;
                if (was < t && t <= e.Value) milestones.Add((e.CityCode, t, "up", e.Value));
                if (e.Value < t && t <= was) milestones.Add((e.CityCode, t, "down", e.Value));
            }

        return new SpecMovers(
            [.. withYoy.OrderByDescending(e => e.YoyPct).ThenBy(e => e.CityCode, StringComparer.Ordinal).Take(top).Select(e => (e.CityCode, e.YoyPct!.Value))],
            [.. withYoy.Where(e => e.YoyPct < 0).OrderBy(e => e.YoyPct).ThenBy(e => e.CityCode, StringComparer.Ordinal).Take(top).Select(e => (e.CityCode, e.YoyPct!.Value))],
            [.. both.Where(e => e.RankChange > 0).OrderByDescending(e => e.RankChange).ThenBy(e => e.Rank).ThenBy(e => e.CityCode, StringComparer.Ordinal).Take(top).Select(e => (e.CityCode, e.RankChange!.Value))],
            [.. both.Where(e => e.RankChange < 0).OrderBy(e => e.RankChange).ThenBy(e => e.Rank).ThenBy(e => e.CityCode, StringComparer.Ordinal).Take(top).Select(e => (e.CityCode, e.RankChange!.Value))],
            [.. overtakes.OrderBy(o => o.A.Rank).ThenBy(o => o.B.Rank).ThenBy(o => o.A.CityCode, StringComparer.Ordinal)
                .ThenBy(o => o.B.CityCode, StringComparer.Ordinal).Select(o => (o.A.CityCode, o.B.CityCode))],
            [.. milestones.OrderByDescending(m => m.Item2).ThenByDescending(m => m.Item4).Select(m => (m.Item1, m.Item2, m.Item3))]);
    }
}
