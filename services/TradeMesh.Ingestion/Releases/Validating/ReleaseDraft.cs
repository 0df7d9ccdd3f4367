namespace TradeMesh.Ingestion.Releases.Validating;

/// <summary>
/// A release as read from JSON or CSV, before the rules: every field may be missing or wrong.
/// <see cref="Problems"/> holds what the reader could not even read (wrong types, bad numbers).
/// </summary>
public sealed record ReleaseDraft
{
    public string? ReleaseId { get; init; }
    public string? Source { get; init; }
    public string? Period { get; init; }
    public string? Stage { get; init; }
    public string? Unit { get; init; }
    public string? PublishedAt { get; init; }
    public decimal? NationalTotal { get; init; }
    public List<CityDraft> Cities { get; init; } = [];
    public List<Reason> Problems { get; init; } = [];
}

/// <summary>
/// One city of a draft. <see cref="Where"/> says where it came from ("cities[3]", "row 4") and
/// <see cref="Field"/> names one of its values the way its format does ("cities[3].total", "row 4, column total").
/// </summary>
public sealed record CityDraft(string Where, string FieldFormat = "{0}.{1}")
{
    public string Field(string name) => string.Format(System.Globalization.CultureInfo.InvariantCulture, FieldFormat, Where, name);

    public static CityDraft InCsvRow(int row) => new($"row {row}", "{0}, column {1}");

    /// <summary>A reason about the city as a whole ("cities[3]: ...", "row 4: ...").</summary>
    public Reason Says(string message) => new(Where, message, Where);

    /// <summary>A reason about one of its values ("cities[3].total: ...", "row 4, column total: ...").</summary>
    public Reason Says(string field, string message) => new(Field(field), message, Where);

    public string? CityCode { get; init; }
    public string? Name { get; init; }
    public string? Province { get; init; }
    public decimal? Total { get; init; }
    public decimal? Exports { get; init; }
    public decimal? Imports { get; init; }
    public decimal? YoyPct { get; init; }
}
