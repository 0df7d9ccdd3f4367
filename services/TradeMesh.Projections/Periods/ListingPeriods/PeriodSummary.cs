using TradeMesh.Projections.Figures;

namespace TradeMesh.Projections.Periods.ListingPeriods;

/// <summary>A period that has data (read model behind GET /api/periods).</summary>
public sealed class PeriodSummary : TradeMesh.Projections.Projections.IReadModel
{
    public string Id { get; set; } = "";
    public int Cities { get; set; }
    public int Releases { get; set; }
    public DateTimeOffset FirstPublishedAt { get; set; }
    public DateTimeOffset LastPublishedAt { get; set; }

    public static PeriodSummary Of(PeriodFigures figures)
    {
        var all = figures.Cities.Values.SelectMany(f => f).ToList();
        return new PeriodSummary
        {
            Id = figures.Id,
            Cities = figures.Cities.Count,
            Releases = all.Select(f => f.ReleaseId).Distinct().Count(),
            FirstPublishedAt = all.Min(f => f.PublishedAt),
            LastPublishedAt = all.Max(f => f.PublishedAt),
        };
    }
}
