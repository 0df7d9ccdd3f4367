using TradeMesh.Contracts;
using TradeMesh.Projections.Figures;

namespace TradeMesh.Projections.Releases.Warning;

/// <summary>Something an applied release may have wrong (product.md, "Warnings"); it never blocks the release.</summary>
public sealed record ReleaseWarning(string Code, string? CityCode, string Message)
{
    public const string YoyMismatch = "yoy-mismatch";
    public const string ScaleJump = "scale-jump";

    /// <summary>How far a reported growth may be from the computed one, in percentage points.</summary>
    private const decimal YoyTolerance = 1.0m;
    /// <summary>A total this many times (or this fraction of) the year before looks like a unit slip.</summary>
    private const decimal ScaleFactor = 9.5m;

    /// <summary>
    /// The warnings that need the stored figures, found when the release becomes complete: against
    /// its comparison period's effective totals as they stand at that moment (so the answer is
    /// fixed then, and a rebuild, which replays in the same order, finds the same).
    /// </summary>
    public static List<ReleaseWarning> AtApply(string releaseId, PeriodFigures period, PeriodFigures? comparison)
    {
        var before = comparison?.Effective(Measure.Total).ToDictionary(f => f.CityCode, f => f.Total) ?? [];
        var comparedWith = Period.Parse(period.Id).ComparisonPeriod;
        var warnings = new List<ReleaseWarning>();
        foreach (var (city, figures) in period.Cities)
        {
            if (figures.FirstOrDefault(f => f.ReleaseId == releaseId) is not { } f) continue;
            if (!before.TryGetValue(city, out var then) || then <= 0) continue;
            var growth = (f.Total / then - 1m) * 100m;
            if (f.YoyPct is { } reported && Math.Abs(growth - reported) > YoyTolerance)
                warnings.Add(new(YoyMismatch, city,
                    $"{city}: reported yoyPct {reported} differs from {Math.Round(growth, 2, MidpointRounding.AwayFromZero)} computed against {comparedWith} ({then} CNY_100M) by more than {YoyTolerance} point"));
            if (f.Total >= then * ScaleFactor || f.Total * ScaleFactor <= then)
                warnings.Add(new(ScaleJump, city,
                    $"{city}: total {f.Total} CNY_100M is {Math.Round(f.Total / then, 2, MidpointRounding.AwayFromZero)} times {comparedWith}'s {then}: a unit slip?"));
        }
        return warnings;
    }
}
