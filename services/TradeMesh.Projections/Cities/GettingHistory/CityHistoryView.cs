using TradeMesh.Contracts;
using TradeMesh.Projections.Figures;

namespace TradeMesh.Projections.Cities.GettingHistory;

/// <summary>Every figure ever reported for one city, by period (read model kept by the projection).</summary>
public sealed class CityHistoryView : TradeMesh.Projections.Projections.IReadModel
{
    public string Id { get; set; } = "";
    public Dictionary<string, List<CityFigure>> Periods { get; set; } = [];

    public void Add(CityTradeReported e)
    {
        if (!Periods.TryGetValue(e.Period, out var figures)) Periods[e.Period] = figures = [];
        if (figures.All(f => f.EventId != e.EventId)) figures.Add(CityFigure.From(e));
    }

    public CityHistory ToHistory(Measure measure)
    {
        var periods = new List<PeriodHistory>();
        foreach (var (period, figures) in Periods.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            if (Supersession.Effective(figures, measure) is not { } effective) continue;
            var superseded = figures.Where(f => f != effective && f.Value(measure) is not null)
                .OrderByDescending(f => f.Stage).ThenByDescending(f => f.PublishedAt)
                .Select(f => HistoryFigure.From(f, measure)).ToList();
            periods.Add(new PeriodHistory(period, HistoryFigure.From(effective, measure), superseded));
        }
        var latest = Periods.Values.SelectMany(f => f).MaxBy(f => f.PublishedAt);
        return new CityHistory(Id, latest?.Name, latest?.Province, measure.Name(), TradeUnits.Canonical, periods);
    }
}

public sealed record CityHistory(string CityCode, string? Name, string? Province, string Measure, string Unit, IReadOnlyList<PeriodHistory> Periods);

public sealed record PeriodHistory(string Period, HistoryFigure Effective, IReadOnlyList<HistoryFigure> Superseded);

public sealed record HistoryFigure(decimal Value, decimal? YoyPct, string Stage, DateTimeOffset PublishedAt, string ReleaseId)
{
    public static HistoryFigure From(CityFigure f, Measure measure) =>
        new(f.Value(measure)!.Value, measure == Measure.Total ? f.YoyPct : null, f.Stage.Name(), f.PublishedAt, f.ReleaseId);
}
