using TradeMesh.Contracts;
using TradeMesh.Projections.Figures;
using TradeMesh.Projections.ReadModels;
using TradeMesh.Projections.Queries;
using TradeMesh.Projections.Rankings;

namespace TradeMesh.Projections.Cities.GettingHistory;

/// <summary>
/// Every figure of a complete release for one city in one period (read model kept by the
/// projection): the city's entry of the period's <see cref="PeriodFigures"/>, stored again under
/// the city's code so that a history query reads only that city's documents. One document per city
/// and period, not per city, so that applying a release touches documents whose size does not grow
/// with the years of history a city has. A release's figures join only once all its cities are
/// stored, as in rankings: no history shows part of a release.
/// </summary>
public sealed class CityPeriodHistory : IReadModel
{
    public string Id { get; set; } = "";
    public string CityCode { get; set; } = "";
    public string Period { get; set; } = "";
    public List<CityFigure> Figures { get; set; } = [];

    /// <summary>
    /// The city's entry of the period's rankings, one per measure it has a figure for: a series
    /// point. Kept here so that a series of 20 cities over 20 years reads 400 small documents, never
    /// the periods' rankings (about a megabyte each at 5,000 cities). Written with the rankings
    /// whenever they change, since a rank moves when another city's figure does.
    /// </summary>
    public List<RankedPoint> Ranked { get; set; } = [];

    public static string IdFor(string cityCode, string period) => $"{cityCode}:{period}";

    public static CityPeriodHistory Of(PeriodFigures period, string cityCode, IReadOnlyDictionary<string, List<RankedPoint>>? ranked = null) =>
        new() { Id = IdFor(cityCode, period.Id), CityCode = cityCode, Period = period.Id,
            Figures = [.. period.Cities[cityCode].Where(f => period.IsComplete(f.ReleaseId))],
            Ranked = ranked?.GetValueOrDefault(cityCode) ?? [] };

    /// <summary>
    /// The histories of a period's given cities that show a figure. A city whose figures are all of
    /// incomplete releases has none yet: the daemon and the rebuild store the same set through here.
    /// </summary>
    public static IEnumerable<CityPeriodHistory> Shown(PeriodFigures period, IEnumerable<string> cityCodes,
        IReadOnlyDictionary<string, List<RankedPoint>>? ranked = null) =>
        cityCodes.Select(city => Of(period, city, ranked)).Where(h => h.Figures.Count > 0);

    /// <summary>Each city's entries of a period's rankings (every measure and level), by city code.</summary>
    public static Dictionary<string, List<RankedPoint>> PointsOf(IEnumerable<RankingView> views)
    {
        var points = new Dictionary<string, List<RankedPoint>>();
        foreach (var view in views)
            foreach (var e in view.Ranking.Entries)
            {
                if (!points.TryGetValue(e.CityCode, out var list)) points[e.CityCode] = list = [];
                list.Add(new RankedPoint(view.Ranking.Measure, e.Value, e.Rank, e.SharePct, e.YoyPct, e.Stage, e.ReleaseId));
            }
        return points;
    }

    /// <summary>
    /// A history written before points were kept has figures but no point; its period's series is
    /// then read from the ranking (until a rebuild rewrites it).
    /// </summary>
    public bool LacksPoints => Figures.Count > 0 && Ranked.Count == 0;

    /// <summary>
    /// A city's history for one measure as it stood at asOf: each period's effective figure (its
    /// yoyPct computed as the ranking computes it) and the figures it superseded.
    /// </summary>
    public static CityHistory ToHistory(string cityCode, IReadOnlyList<CityPeriodHistory> periods, Measure measure, DateTimeOffset? asOf, TradeUnit unit)
    {
        var visible = periods.ToDictionary(p => p.Period, p => p.Figures.Where(f => asOf is null || f.PublishedAt <= asOf).ToList());
        var result = new List<PeriodHistory>();
        foreach (var (period, figures) in visible.OrderBy(v => v.Key, PeriodOrder.Chronological))
        {
            if (Supersession.Effective(figures, measure) is not { } effective) continue;
            var comparison = visible.GetValueOrDefault(Contracts.Period.Parse(period).ComparisonPeriod.ToString());
            var yoy = RankingCalculator.Growth(effective, measure, comparison is null ? null : Supersession.Effective(comparison, measure));
            var superseded = figures.Where(f => f != effective && f.Value(measure) is not null)
                .OrderByDescending(f => f.Stage).ThenByDescending(f => f.PublishedAt)
                .Select(f => HistoryFigure.From(f, measure, measure == Measure.Total ? f.YoyPct : null, unit)).ToList();
            result.Add(new PeriodHistory(period, HistoryFigure.From(effective, measure, yoy, unit), superseded));
        }
        var latest = visible.Values.SelectMany(f => f).MaxBy(f => f.PublishedAt);
        return new CityHistory(cityCode, latest?.Name, CityNames.Province(cityCode, latest?.Province), measure.Name(), unit.ToString(), result,
            CityNames.NameZh(cityCode), CityNames.ProvinceZh(cityCode), CityNames.LevelOf(cityCode).Name());
    }
}

/// <summary>A city's entry of one ranking (measure, at the city's level), as stored for series.</summary>
public sealed record RankedPoint(string Measure, decimal Value, int Rank, decimal SharePct, decimal? YoyPct, string Stage, string ReleaseId);

public sealed record CityHistory(string CityCode, string? Name, string? Province, string Measure, string Unit, IReadOnlyList<PeriodHistory> Periods,
    string? NameZh = null, string? ProvinceZh = null, string? Level = null);

public sealed record PeriodHistory(string Period, HistoryFigure Effective, IReadOnlyList<HistoryFigure> Superseded);

public sealed record HistoryFigure(decimal Value, decimal? YoyPct, string Stage, DateTimeOffset PublishedAt, string ReleaseId)
{
    public static HistoryFigure From(CityFigure f, Measure measure, decimal? yoyPct, TradeUnit unit) =>
        new(Money.In(f.Value(measure)!.Value, unit), yoyPct, f.Stage.Name(), f.PublishedAt, f.ReleaseId);
}
