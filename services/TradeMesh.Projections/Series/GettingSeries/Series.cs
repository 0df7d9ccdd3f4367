namespace TradeMesh.Projections.Series.GettingSeries;

/// <summary>Time series of up to 20 cities, as docs/api.md's "Series" defines it.</summary>
public sealed record SeriesAnswer(
    string Measure,
    string Unit,
    string Shape,
    string Level,
    IReadOnlyList<string> Periods,
    IReadOnlyList<CitySeries> Series);

public sealed record CitySeries(string CityCode, string? Name, string? NameZh, string? Province, string? ProvinceZh, IReadOnlyList<SeriesPoint> Points);

/// <summary>A period's point: exactly the city's entry of that period's ranking; value and after null where it had no figure.</summary>
public sealed record SeriesPoint(string Period, decimal? Value, int? Rank, decimal? SharePct, decimal? YoyPct, string? Stage, string? ReleaseId);
