using TradeMesh.Contracts;
using TradeMesh.Projections.Figures;

namespace TradeMesh.Projections.Periods.ListingPeriods;

/// <summary>A period that has data (read model behind GET /api/periods).</summary>
public sealed class PeriodSummary : TradeMesh.Projections.ReadModels.IReadModel
{
    public string Id { get; set; } = "";
    public int Cities { get; set; }
    public int Releases { get; set; }
    public DateTimeOffset FirstPublishedAt { get; set; }
    public DateTimeOffset LastPublishedAt { get; set; }

    /// <summary>
    /// The rankings with entries, as "measure:level" (total:city, exports:county...): a series lists
    /// a period without reading its ranking. Null in a summary written before it was kept.
    /// </summary>
    public List<string>? Ranked { get; set; }

    public static string RankedKey(Measure measure, CityLevel level) => $"{measure.Name()}:{level.Name()}";

    public static PeriodSummary Of(PeriodFigures figures)
    {
        // Only complete releases count, as in rankings: a period whose only release is still
        // arriving has no cities yet and is not listed.
        var all = figures.Cities.Values.SelectMany(f => f).Where(f => figures.IsComplete(f.ReleaseId)).ToList();
        return new PeriodSummary
        {
            Id = figures.Id,
            Cities = all.Select(f => f.CityCode).Distinct().Count(),
            Releases = all.Select(f => f.ReleaseId).Distinct().Count(),
            FirstPublishedAt = all.Count == 0 ? default : all.Min(f => f.PublishedAt),
            LastPublishedAt = all.Count == 0 ? default : all.Max(f => f.PublishedAt),
            // A figure with a value for a measure makes its city's entry in that ranking (the effective figure is one with a value).
            Ranked = [.. all.SelectMany(f => Measures.All.Where(m => f.Value(m) is not null)
                    .Select(m => RankedKey(m, Queries.CityNames.LevelOf(f.CityCode)))).Distinct().Order(StringComparer.Ordinal)],
        };
    }
}
