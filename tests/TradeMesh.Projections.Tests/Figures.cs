using TradeMesh.Contracts;
using TradeMesh.Projections.Figures;

namespace TradeMesh.Projections.Tests;

/// <summary>Builds figures the way the projection receives them: as CityTradeReported events.</summary>
internal static class Figures
{
    public static readonly DateTimeOffset Jan = new(2026, 1, 20, 0, 0, 0, TimeSpan.Zero);

    public static CityTradeReported Event(string period, string city, decimal total, ReleaseStage stage = ReleaseStage.Official,
        DateTimeOffset? publishedAt = null, string? release = null, decimal? exports = null, decimal? imports = null,
        decimal? yoy = null, decimal? national = null)
    {
        var releaseId = release ?? $"{period}-{stage}";
        return new CityTradeReported(EventIds.ForCityFigure(releaseId, city, period), releaseId, period, stage, publishedAt ?? Jan,
            city, "City " + city, "Province", total, exports, imports, yoy, national, 1, null);
    }

    public static TradeMesh.Contracts.Period P(string period) => TradeMesh.Contracts.Period.Parse(period);

    public static PeriodFigures Period(string period, params CityTradeReported[] events)
    {
        var figures = new PeriodFigures { Id = period };
        foreach (var e in events) figures.Add(e);
        return figures;
    }
}
