using TradeMesh.Contracts;
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

    /// <summary>
    /// No earlier period of the same shape (the same period of earlier years) had the city at or
    /// above the threshold. The movers' own firstTime flag (issue 13) answers the same question.
    /// </summary>
    public static bool IsFirstTime(Milestone milestone, IEnumerable<PeriodFigures?> earlier) =>
        earlier.All(p => p?.Effective(Measure.Total).FirstOrDefault(f => f.CityCode == milestone.CityCode)?.Total is not { } v || v < milestone.Threshold);

    public static async Task<TradeReleaseApplied> OfAsync(ReleaseProgress release, IReadOnlyDictionary<string, PeriodFigures> changed,
        IReadModelSession session, CancellationToken ct)
    {
        var period = Period.Parse(release.Period);
        var earlierIds = Enumerable.Range(1, YearsBack).Select(n => (period with { Year = period.Year - n }).ToString()).ToList();
        var loaded = (await session.LoadManyAsync<PeriodFigures>([.. earlierIds.Where(id => !changed.ContainsKey(id))], ct)).ToDictionary(f => f.Id);
        PeriodFigures? Figures(string id) => changed.GetValueOrDefault(id) ?? loaded.GetValueOrDefault(id);

        var figures = changed[release.Period];
        var comparison = Figures(earlierIds[0]);
        var changes = ReleaseChangesCalculator.Compute(figures, release.Id);
        var own = figures.Cities.Where(c => c.Value.Any(f => f.ReleaseId == release.Id)).Select(c => c.Key).ToHashSet();

        var (before, after) = ReleaseChangesCalculator.TotalRanksAround(figures, release.Id);
        var topTen = after.Where(r => r.Value <= 10 && Geography.LevelOf(r.Key) != CityLevel.County && !(before.TryGetValue(r.Key, out var b) && b <= 10))
            .OrderBy(r => r.Value).ThenBy(r => r.Key, StringComparer.Ordinal).Select(r => r.Key).ToList();

        var ranking = RankingCalculator.Compute(period, figures, comparison, Measure.Total);
        var cityEntries = ranking.Entries.Where(e => Geography.LevelOf(e.CityCode) != CityLevel.County).ToList();
        var overtakes = MoversCalculator.Overtakes(cityEntries)
            .Where(o => own.Contains(o.CityCode) || own.Contains(o.OvertakenCityCode))
            .Select(o => new DigestOvertake(o.CityCode, o.OvertakenCityCode)).ToList();
        var previousValues = comparison?.Effective(Measure.Total).ToDictionary(f => f.CityCode, f => f.Total) ?? [];
        var milestones = MoversCalculator.Milestones(cityEntries, previousValues)
            .Where(m => m.Direction == "up" && own.Contains(m.CityCode) && IsFirstTime(m, earlierIds.Select(Figures)))
            .Select(m => new DigestMilestone(m.CityCode, m.Threshold)).ToList();

        return new TradeReleaseApplied(0, release.Id, release.Period, release.Stage, release.PublishedAt, release.Cities,
            release.AppliedAt ?? DateTimeOffset.UtcNow, [.. release.Warnings.Take(ReleaseWarning.Listed)], release.Warnings.Count,
            new ReleaseDigest(topTen, milestones, overtakes,
                [.. changes.Changes.Take(5).Select(c => new DigestChange(c.CityCode, c.Name, c.Measure, c.Before, c.After, c.Delta, c.DeltaPct))]));
    }
}
