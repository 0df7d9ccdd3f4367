using TradeMesh.Contracts;
using TradeMesh.Projections.Cities.GettingHistory;
using TradeMesh.Projections.Figures;
using TradeMesh.Projections.Movers;
using TradeMesh.Projections.ReadModels;
using TradeMesh.Projections.Rankings;
using TradeMesh.Projections.Releases.GettingChanges;
using TradeMesh.Projections.Releases.GettingProgress;

namespace TradeMesh.Projections.Feed;

/// <summary>The TradeReleaseApplied of a release that just became complete (docs/api.md, "Release day").</summary>
public static class ReleaseDigests
{
    /// <summary>How many earlier years a first-time milestone looks back over.</summary>
    private const int YearsBack = 30;

    public static async Task<TradeReleaseApplied> OfAsync(ReleaseProgress release, IReadOnlyDictionary<string, PeriodFigures> changed,
        IReadModelSession session, CancellationToken ct)
    {
        var figures = changed[release.Period];
        var (changes, before, after) = ReleaseChangesCalculator.WithTotalRanks(figures, release.Id);
        var own = figures.Cities.Where(c => c.Value.Any(f => f.ReleaseId == release.Id)).Select(c => c.Key).ToHashSet();
        var topTen = after.Where(r => r.Value <= 10 && Geography.LevelOf(r.Key) != CityLevel.County && !(before.TryGetValue(r.Key, out var b) && b <= 10))
            .OrderBy(r => r.Value).ThenBy(r => r.Key, StringComparer.Ordinal).Select(r => r.Key).ToList();

        // The period's city ranking of totals with its overtakes and milestones, as this batch just
        // recomputed and stored it (the session gives back what it stored).
        var ranking = (await session.LoadManyAsync<RankingView>([RankingView.IdFor(release.Period, Measure.Total)], ct)).Single();
        var overtakes = ranking.Overtakes
            .Where(o => own.Contains(o.CityCode) || own.Contains(o.OvertakenCityCode))
            .Select(o => new DigestOvertake(o.CityCode, o.OvertakenCityCode)).ToList();
        var candidates = ranking.Milestones.Where(m => m.Direction == "up" && own.Contains(m.CityCode)).ToList();
        var earlierTotal = await EarlierTotalsAsync(Period.Parse(release.Period), candidates.Select(m => m.CityCode), changed, session, ct);
        // First time: no earlier period of the same shape had the city at or above the threshold
        // (the movers' own firstTime flag, issue 13, answers the same question).
        var milestones = candidates
            .Where(m => earlierTotal(m.CityCode).All(v => v < m.Threshold))
            .Select(m => new DigestMilestone(m.CityCode, m.Threshold)).ToList();

        return new TradeReleaseApplied(0, release.Id, release.Period, release.Stage, release.PublishedAt, release.Cities,
            release.AppliedAt ?? DateTimeOffset.UtcNow, [.. release.Warnings.Take(ReleaseWarning.Listed)], release.Warnings.Count,
            new ReleaseDigest(topTen, milestones, overtakes,
                [.. changes.Changes.Take(5).Select(c => new DigestChange(c.CityCode, c.Name, c.Measure, c.Before, c.After, c.Delta, c.DeltaPct))]));
    }

    /// <summary>
    /// Each given city's effective total in the same period of the earlier years: from the city's
    /// period histories (a few hundred bytes each), or the periods this batch changed, never the
    /// earlier periods' whole figures (megabytes each, up to thirty of them).
    /// </summary>
    private static async Task<Func<string, IEnumerable<decimal>>> EarlierTotalsAsync(Period period, IEnumerable<string> cities,
        IReadOnlyDictionary<string, PeriodFigures> changed, IReadModelSession session, CancellationToken ct)
    {
        var earlier = Enumerable.Range(1, YearsBack).Select(n => (period with { Year = period.Year - n }).ToString()).ToList();
        var ids = cities.Distinct().SelectMany(c => earlier.Where(p => !changed.ContainsKey(p)).Select(p => CityPeriodHistory.IdFor(c, p))).ToArray();
        var histories = ids.Length == 0 ? [] : (await session.LoadManyAsync<CityPeriodHistory>(ids, ct)).ToDictionary(h => h.Id);
        decimal? Total(string city, string p) => changed.TryGetValue(p, out var f) ? f.EffectiveOf(city, Measure.Total)?.Total
            : histories.TryGetValue(CityPeriodHistory.IdFor(city, p), out var h) ? Supersession.Effective(h.Figures, Measure.Total)?.Total : null;
        return city => earlier.Select(p => Total(city, p)).OfType<decimal>();
    }
}
