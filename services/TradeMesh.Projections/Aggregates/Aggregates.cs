namespace TradeMesh.Projections.Aggregates;

/// <summary>Provinces or regions of a period ranked by the sum of their city-level figures, as docs/api.md defines it.</summary>
public sealed record AggregateRanking(
    string Period,
    string Measure,
    string By,
    string Unit,
    string ComparedWith,
    string ShareBasis,
    decimal? NationalTotal,
    int Total,
    IReadOnlyList<AggregateEntry> Entries);

public sealed record AggregateEntry(
    int Rank,
    string Key,
    string Name,
    string? NameZh,
    decimal Value,
    int Cities,
    decimal SharePct,
    decimal? YoyPct,
    int ComparableCities,
    int? PreviousRank,
    int? RankChange);

/// <summary>The stored aggregates of one period, measure and grouping: 31 provinces or 4 regions, a few kilobytes.</summary>
public sealed class AggregateView : ReadModels.IReadModel
{
    public string Id { get; set; } = "";
    public required AggregateRanking Aggregates { get; set; }

    public static string IdFor(string period, Contracts.Measure measure, string by) => $"{period}:{measure.ToString().ToLowerInvariant()}:{by}";
}
