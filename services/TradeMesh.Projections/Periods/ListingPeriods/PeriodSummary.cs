namespace TradeMesh.Projections.Periods.ListingPeriods;

/// <summary>A period that has data (read model behind GET /api/periods).</summary>
public sealed class PeriodSummary
{
    public string Id { get; set; } = "";
    public int Cities { get; set; }
    public int Releases { get; set; }
    public DateTimeOffset FirstPublishedAt { get; set; }
    public DateTimeOffset LastPublishedAt { get; set; }
}
