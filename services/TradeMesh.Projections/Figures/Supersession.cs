using TradeMesh.Contracts;

namespace TradeMesh.Projections.Figures;

/// <summary>
/// Which reported figure counts: the highest stage, then the later publishedAt (release id only
/// breaks an exact tie, so the choice never depends on arrival order).
/// </summary>
public static class Supersession
{
    public static int Compare(ReleaseStage stageA, DateTimeOffset publishedA, string releaseA,
        ReleaseStage stageB, DateTimeOffset publishedB, string releaseB)
    {
        var byStage = stageA.CompareTo(stageB);
        if (byStage != 0) return byStage;
        var byTime = publishedA.CompareTo(publishedB);
        return byTime != 0 ? byTime : string.CompareOrdinal(releaseA, releaseB);
    }

    /// <summary>The effective figure for a measure among those published at or before asOf.</summary>
    public static CityFigure? Effective(IEnumerable<CityFigure> figures, Measure measure, DateTimeOffset? asOf = null)
    {
        CityFigure? best = null;
        foreach (var f in figures)
        {
            if (f.Value(measure) is null || (asOf is { } t && f.PublishedAt > t)) continue;
            if (best is null || Compare(f.Stage, f.PublishedAt, f.ReleaseId, best.Stage, best.PublishedAt, best.ReleaseId) > 0)
                best = f;
        }
        return best;
    }

    public static NationalFigure? Effective(IEnumerable<NationalFigure> figures, DateTimeOffset? asOf = null)
    {
        NationalFigure? best = null;
        foreach (var f in figures)
        {
            if (asOf is { } t && f.PublishedAt > t) continue;
            if (best is null || Compare(f.Stage, f.PublishedAt, f.ReleaseId, best.Stage, best.PublishedAt, best.ReleaseId) > 0)
                best = f;
        }
        return best;
    }
}
