using TradeMesh.Contracts;

namespace TradeMesh.Projections.Figures;

/// <summary>
/// Every figure ever reported for one period (superseded ones too): the raw material of the
/// period's ranking, movers and as-of answers. Kept by <see cref="Projections.TradeProjection"/>.
/// </summary>
public sealed class PeriodFigures : TradeMesh.Projections.ReadModels.IReadModel
{
    public string Id { get; set; } = "";
    public Dictionary<string, List<CityFigure>> Cities { get; set; } = [];
    public List<NationalFigure> NationalTotals { get; set; } = [];

    /// <summary>Per release: how many cities it holds, and how many of them are here.</summary>
    public Dictionary<string, ReleaseCount> Releases { get; set; } = [];

    /// <summary>
    /// A release counts only once all its cities are stored: a 5,000-city release arrives in several
    /// batches, and one whose publish was cut short stays out until it is sent again. So no answer
    /// ever shows part of a release.
    /// </summary>
    public bool IsComplete(string releaseId) =>
        Releases.TryGetValue(releaseId, out var count) && count.Stored >= count.Cities;

    /// <summary>Adds an event's figures; an event already held (same id) changes nothing.</summary>
    public bool Add(CityTradeReported e)
    {
        if (!Cities.TryGetValue(e.CityCode, out var figures)) Cities[e.CityCode] = figures = [];
        if (figures.Any(f => f.EventId == e.EventId)) return false;
        figures.Add(CityFigure.From(e));
        Array.Clear(_effective);
        var release = Releases.GetValueOrDefault(e.ReleaseId) ?? new ReleaseCount(e.ReleaseCityCount, 0);
        Releases[e.ReleaseId] = release with { Stored = release.Stored + 1 };
        if (e.NationalTotal is { } national && NationalTotals.All(n => n.ReleaseId != e.ReleaseId))
            NationalTotals.Add(new NationalFigure(e.ReleaseId, e.Stage, e.PublishedAt, national));
        return true;
    }

    /// <summary>
    /// Each measure's effective figures now, once computed: a daemon batch asks for them for six
    /// rankings, six aggregates and the comparisons of the next period, and queries share a cached
    /// document. Cleared by <see cref="Add"/>, the only change a period's figures get. Not stored
    /// (a private field); threads that race to fill a slot compute the same list.
    /// </summary>
    private readonly List<CityFigure>?[] _effective = new List<CityFigure>?[Enum.GetValues<Measure>().Length];

    /// <summary>Each city's effective figure for the measure, as it stood at asOf (complete releases only).</summary>
    public IReadOnlyList<CityFigure> Effective(Measure measure, DateTimeOffset? asOf = null)
    {
        if (asOf is null && _effective[(int)measure] is { } held) return held;
        var result = new List<CityFigure>(Cities.Count);
        foreach (var figures in Cities.Values)
            if (Supersession.Effective(figures.Where(f => IsComplete(f.ReleaseId)), measure, asOf) is { } f) result.Add(f);
        if (asOf is null) _effective[(int)measure] = result;
        return result;
    }

    /// <summary>One city's effective figure for the measure (complete releases only), without a scan of the period.</summary>
    public CityFigure? EffectiveOf(string cityCode, Measure measure, DateTimeOffset? asOf = null) =>
        Cities.TryGetValue(cityCode, out var figures) ? Supersession.Effective(figures.Where(f => IsComplete(f.ReleaseId)), measure, asOf) : null;

    /// <summary>The effective national total as it stood at asOf (complete releases only).</summary>
    public NationalFigure? EffectiveNationalTotal(DateTimeOffset? asOf = null) =>
        Supersession.Effective(NationalTotals.Where(n => IsComplete(n.ReleaseId)), asOf);
}

public sealed record ReleaseCount(int Cities, int Stored);
