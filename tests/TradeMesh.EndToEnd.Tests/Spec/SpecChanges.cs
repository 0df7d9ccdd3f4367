namespace TradeMesh.EndToEnd.Tests.Spec;

public sealed record SpecChange(string CityCode, string Measure, decimal? Before, decimal After, decimal Delta, decimal? DeltaPct);

public sealed record SpecRankChange(string CityCode, int? Before, int? After);

/// <summary>
/// docs/api.md's "Revisions" written plainly: before = the period from the releases published
/// earlier (or at the same instant with a smaller id), after = those and the release itself.
/// </summary>
public static class SpecChanges
{
    private static readonly string[] Measures = ["total", "exports", "imports"];

    public static (List<SpecChange> Changes, List<SpecRankChange> RankChanges) Of(IReadOnlyList<SpecRelease> all, string releaseId)
    {
        var release = all.Single(r => r.ReleaseId == releaseId);
        var earlier = all.Where(r => r.Period == release.Period && r.ReleaseId != releaseId && (r.PublishedAt < release.PublishedAt
            || (r.PublishedAt == release.PublishedAt && string.CompareOrdinal(r.ReleaseId, releaseId) < 0))).ToList();
        var before = new SpecOracle(earlier);
        var after = new SpecOracle([.. earlier, release]);

        Dictionary<string, SpecEntry> Entries(SpecOracle oracle, string measure) =>
            oracle.Ranking(release.Period, measure).Entries.ToDictionary(e => e.CityCode);

        var changes = new List<SpecChange>();
        foreach (var measure in Measures)
        {
            var (then, now) = (Entries(before, measure), Entries(after, measure));
            foreach (var city in release.Cities)
            {
                if (!now.TryGetValue(city.CityCode, out var a)) continue;
                decimal? b = then.TryGetValue(city.CityCode, out var e) ? e.Value : null;
                if (b == a.Value) continue;
                var delta = a.Value - (b ?? 0);
                changes.Add(new(city.CityCode, measure, b, a.Value, delta,
                    b is { } x and not 0 ? Math.Round(delta / x * 100, 2, MidpointRounding.AwayFromZero) : null));
            }
        }

        var (ranksBefore, ranksAfter) = (Entries(before, "total"), Entries(after, "total"));
        var ranks = ranksBefore.Keys.Union(ranksAfter.Keys)
            .Select(c => new SpecRankChange(c, ranksBefore.GetValueOrDefault(c)?.Rank, ranksAfter.GetValueOrDefault(c)?.Rank))
            .Where(r => r.Before != r.After)
            .OrderBy(r => r.After ?? int.MaxValue).ThenBy(r => r.CityCode, StringComparer.Ordinal).ToList();
        return ([.. changes.OrderByDescending(c => Math.Abs(c.Delta)).ThenBy(c => c.CityCode, StringComparer.Ordinal)
            .ThenBy(c => Array.IndexOf(Measures, c.Measure))], ranks);
    }
}
