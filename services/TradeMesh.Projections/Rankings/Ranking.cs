namespace TradeMesh.Projections.Rankings;

/// <summary>The ranking of a period and measure, as docs/api.md defines it (every entry, unfiltered).</summary>
public sealed record Ranking(
    string Period,
    string Measure,
    string Unit,
    string ShareBasis,
    decimal? NationalTotal,
    string ComparedWith,
    IReadOnlyList<RankingEntry> Entries,
    string? Level = null,
    int? Total = null);

public sealed record RankingEntry(
    int Rank,
    string CityCode,
    string Name,
    string? Province,
    decimal Value,
    decimal SharePct,
    decimal? GapToAbove,
    decimal? YoyPct,
    int? PreviousRank,
    int? RankChange,
    string Stage,
    string ReleaseId,
    string? NameZh = null,
    string? ProvinceZh = null);

/// <summary>
/// The stored read model of one period and measure: its full ranking, and the movers that need the
/// comparison period's figures (overtakes and milestones). The other movers (growth, declines,
/// climbers, fallers) are orderings of the ranking's own entries, which already carry yoyPct,
/// previousRank and rankChange: <see cref="Movers.MoversCalculator.Of"/> sorts them when asked instead
/// of storing each city a second time (that had doubled the bytes every apply and rebuild wrote).
/// </summary>
public sealed class RankingView : TradeMesh.Projections.ReadModels.IReadModel
{
    public string Id { get; set; } = "";
    public required Ranking Ranking { get; set; }
    public List<TradeMesh.Projections.Movers.Overtake> Overtakes { get; set; } = [];
    public List<TradeMesh.Projections.Movers.Milestone> Milestones { get; set; } = [];

    /// <summary>City-level views keep the id they had before counties were ranked apart.</summary>
    public static string IdFor(string period, TradeMesh.Contracts.Measure measure, TradeMesh.Contracts.CityLevel level = TradeMesh.Contracts.CityLevel.City) =>
        level == TradeMesh.Contracts.CityLevel.City ? $"{period}:{measure.ToString().ToLowerInvariant()}" : $"{period}:{measure.ToString().ToLowerInvariant()}:county";
}
