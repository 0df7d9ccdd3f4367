namespace TradeMesh.Projections.Rankings;

/// <summary>The ranking of a period and measure, as product.md defines it (every entry, unfiltered).</summary>
public sealed record Ranking(
    string Period,
    string Measure,
    string Unit,
    string ShareBasis,
    decimal? NationalTotal,
    string ComparedWith,
    IReadOnlyList<RankingEntry> Entries);

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
    string ReleaseId);

/// <summary>The stored read model: the full ranking of one period and measure, kept by the projection.</summary>
public sealed class RankingView : TradeMesh.Projections.Projections.IReadModel
{
    public string Id { get; set; } = "";
    public required Ranking Ranking { get; set; }

    public static string IdFor(string period, TradeMesh.Contracts.Measure measure) => $"{period}:{measure.ToString().ToLowerInvariant()}";
}
