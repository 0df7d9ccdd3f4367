using TradeMesh.Contracts;

namespace TradeMesh.Projections.Figures;

/// <summary>
/// Every figure ever reported for one period (superseded ones too): the raw material of the
/// period's ranking, movers and as-of answers. Kept by <see cref="Projections.TradeProjection"/>.
/// </summary>
public sealed class PeriodFigures : TradeMesh.Projections.Projections.IReadModel
{
    public string Id { get; set; } = "";
    public Dictionary<string, List<CityFigure>> Cities { get; set; } = [];
    public List<NationalFigure> NationalTotals { get; set; } = [];

    /// <summary>Adds an event's figures; an event already held (same id) changes nothing.</summary>
    public bool Add(CityTradeReported e)
    {
        if (!Cities.TryGetValue(e.CityCode, out var figures)) Cities[e.CityCode] = figures = [];
        if (figures.Any(f => f.EventId == e.EventId)) return false;
        figures.Add(CityFigure.From(e));
        if (e.NationalTotal is { } national && NationalTotals.All(n => n.ReleaseId != e.ReleaseId))
            NationalTotals.Add(new NationalFigure(e.ReleaseId, e.Stage, e.PublishedAt, national));
        return true;
    }

    /// <summary>Each city's effective figure for the measure, as it stood at asOf.</summary>
    public IEnumerable<CityFigure> Effective(Measure measure, DateTimeOffset? asOf = null)
    {
        foreach (var figures in Cities.Values)
            if (Supersession.Effective(figures, measure, asOf) is { } f) yield return f;
    }
}
