using TradeMesh.Contracts;
using TradeMesh.Projections.Figures;
using TradeMesh.Projections.Projections;

namespace TradeMesh.Projections.Cities.GettingHistory;

/// <summary>
/// Every figure reported for one city in one period (read model kept by the projection): the
/// city's entry of the period's <see cref="PeriodFigures"/>, stored again under the city's code so
/// that a history query reads only that city's documents. One document per city and period, not
/// per city, so that applying a release touches documents whose size does not grow with the years
/// of history a city has.
/// </summary>
public sealed class CityPeriodHistory : IReadModel
{
    public string Id { get; set; } = "";
    public string CityCode { get; set; } = "";
    public string Period { get; set; } = "";
    public List<CityFigure> Figures { get; set; } = [];

    public static string IdFor(string cityCode, string period) => $"{cityCode}:{period}";

    public static CityPeriodHistory Of(PeriodFigures period, string cityCode) =>
        new() { Id = IdFor(cityCode, period.Id), CityCode = cityCode, Period = period.Id, Figures = period.Cities[cityCode] };

    /// <summary>A city's history for one measure: each period's effective figure and the figures it superseded.</summary>
    public static CityHistory ToHistory(string cityCode, IReadOnlyList<CityPeriodHistory> periods, Measure measure)
    {
        var result = new List<PeriodHistory>();
        foreach (var period in periods.OrderBy(p => p.Period, StringComparer.Ordinal))
        {
            if (Supersession.Effective(period.Figures, measure) is not { } effective) continue;
            var superseded = period.Figures.Where(f => f != effective && f.Value(measure) is not null)
                .OrderByDescending(f => f.Stage).ThenByDescending(f => f.PublishedAt)
                .Select(f => HistoryFigure.From(f, measure)).ToList();
            result.Add(new PeriodHistory(period.Period, HistoryFigure.From(effective, measure), superseded));
        }
        var latest = periods.SelectMany(p => p.Figures).MaxBy(f => f.PublishedAt);
        return new CityHistory(cityCode, latest?.Name, latest?.Province, measure.Name(), TradeUnits.Canonical, result);
    }
}

public sealed record CityHistory(string CityCode, string? Name, string? Province, string Measure, string Unit, IReadOnlyList<PeriodHistory> Periods);

public sealed record PeriodHistory(string Period, HistoryFigure Effective, IReadOnlyList<HistoryFigure> Superseded);

public sealed record HistoryFigure(decimal Value, decimal? YoyPct, string Stage, DateTimeOffset PublishedAt, string ReleaseId)
{
    public static HistoryFigure From(CityFigure f, Measure measure) =>
        new(f.Value(measure)!.Value, measure == Measure.Total ? f.YoyPct : null, f.Stage.Name(), f.PublishedAt, f.ReleaseId);
}
