namespace TradeMesh.Contracts;

/// <summary>
/// One city's figures from one accepted release. Money is in 亿元 (CNY_100M), exact.
/// <see cref="EventId"/> is a name-based UUID of (releaseId, cityCode, period), so a redelivered or
/// re-sent event is recognised and stored once. Release-level facts (stage, publish time, national
/// total, how many cities the release holds) travel on every event so that a consumer needs nothing else.
/// <see cref="Province"/> is the code's province; <see cref="ReportedProvince"/> is what the release
/// named instead, only where that was another province (a province-mismatch warning).
/// </summary>
public record CityTradeReported(
    Guid EventId,
    string ReleaseId,
    string Period,
    ReleaseStage Stage,
    DateTimeOffset PublishedAt,
    string CityCode,
    string Name,
    string? Province,
    decimal Total,
    decimal? Exports,
    decimal? Imports,
    decimal? YoyPct,
    decimal? NationalTotal,
    int ReleaseCityCount,
    string? Source,
    string? ReportedProvince = null);
