using System.ComponentModel;

namespace TradeMesh.Ingestion.OpenApi;

/// <summary>
/// The release JSON of docs/api.md, for the OpenAPI document only: POST /api/releases reads its body
/// by hand (JSON or CSV), so nothing in the handler describes it. Keep it in step with JsonReleaseReader.
/// </summary>
[Description("One publication of city-level foreign-trade figures (the same JSON over HTTP and AMQP).")]
public sealed record ReleaseSchema(
    [property: Description("1-200 letters, digits or -_.: ; unique per publisher. The same id with the same content is a no-op, with other content a 409.")]
    string ReleaseId,
    [property: Description("Who published it.")]
    string? Source,
    [property: Description("YYYY, YYYY-MM or YYYY-MM-YTD.")]
    string Period,
    [property: Description("preliminary, official or revised.")]
    string Stage,
    [property: Description("CNY_100M (亿元, canonical), CNY, CNY_10K, CNY_BN or CNY_TN.")]
    string Unit,
    [property: Description("ISO-8601 instant.")]
    DateTimeOffset PublishedAt,
    [property: Description("The national total of the period, in the release's unit (optional).")]
    decimal? NationalTotal,
    [property: Description("1 to 5,000 cities, no code twice.")]
    IReadOnlyList<ReleaseCitySchema> Cities);

[Description("The figures of one city in a release, in the release's unit.")]
public sealed record ReleaseCitySchema(
    [property: Description("6-digit GB/T 2260 code, e.g. 440300.")]
    string CityCode,
    [property: Description("Required unless the code is in the city registry.")]
    string? Name,
    string? Province,
    [property: Description("Imports + exports, >= 0.")]
    decimal Total,
    [property: Description(">= 0; with imports, must add up to total within 0.1 %.")]
    decimal? Exports,
    [property: Description(">= 0.")]
    decimal? Imports,
    [property: Description("Reported growth of total against the same period a year earlier, > -100.")]
    decimal? YoyPct);
