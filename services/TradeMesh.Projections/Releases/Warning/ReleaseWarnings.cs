using TradeMesh.Contracts;
using TradeMesh.Projections.Figures;

namespace TradeMesh.Projections.Releases.Warning;

/// <summary>The warnings the projection service finds as a release becomes complete; they never block it.</summary>
public static class ReleaseWarnings
{
    /// <summary>How far a reported growth may be from the computed one, in percentage points.</summary>
    private const decimal YoyTolerance = 1.0m;
    /// <summary>A total this many times (or this fraction of) the year before looks like a unit slip.</summary>
    private const decimal ScaleFactor = 9.5m;

    /// <summary>
    /// Every warning of a release, found when it becomes complete: yoy-mismatch and scale-jump against
    /// its comparison period's effective totals as they stand at that moment (so the answer is
    /// fixed then, and a rebuild, which replays in the same order, finds the same).
    /// </summary>
    public static List<ReleaseWarning> AtApply(string releaseId, PeriodFigures period, PeriodFigures? comparison)
    {
        var before = comparison?.Effective(Measure.Total).ToDictionary(f => f.CityCode, f => f.Total) ?? [];
        var comparedWith = Period.Parse(period.Id).ComparisonPeriod;
        var warnings = new List<ReleaseWarning>();
        var own = period.Cities.Values.Select(figures => figures.FirstOrDefault(f => f.ReleaseId == releaseId)).OfType<CityFigure>().ToList();
        var sum = own.Sum(f => f.Total);
        if (period.NationalTotals.FirstOrDefault(n => n.ReleaseId == releaseId) is { } national && sum > national.Value)
            warnings.Add(new(ReleaseWarning.SumExceedsNational, null, $"the cities' totals add up to {sum}, more than the nationalTotal {national.Value} (CNY_100M)"));
        foreach (var f in own)
        {
            var city = f.CityCode;
            if (f.ReportedProvince is { } named)
                warnings.Add(new(ReleaseWarning.ProvinceMismatch, city, $"{city}: the release names the province '{named}', but the code's province is {f.Province}; {f.Province} is kept"));
            if (!before.TryGetValue(city, out var then) || then <= 0) continue;
            var growth = (f.Total / then - 1m) * 100m;
            if (f.YoyPct is { } reported && Math.Abs(growth - reported) > YoyTolerance)
                warnings.Add(new(ReleaseWarning.YoyMismatch, city,
                    $"{city}: reported yoyPct {reported} differs from {Math.Round(growth, 2, MidpointRounding.AwayFromZero)} computed against {comparedWith} ({then} CNY_100M) by more than {YoyTolerance} point"));
            if (f.Total >= then * ScaleFactor || f.Total * ScaleFactor <= then)
                warnings.Add(new(ReleaseWarning.ScaleJump, city,
                    $"{city}: total {f.Total} CNY_100M is {Math.Round(f.Total / then, 2, MidpointRounding.AwayFromZero)} times {comparedWith}'s {then}: a unit slip?"));
        }
        return ReleaseWarning.Ordered(warnings);
    }
}
