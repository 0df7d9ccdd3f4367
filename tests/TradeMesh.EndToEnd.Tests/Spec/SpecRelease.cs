using System.Globalization;

namespace TradeMesh.EndToEnd.Tests.Spec;

/// <summary>
/// A release read the way docs/api.md describes it, written plainly and apart from the services'
/// own code, so that the system's answers are checked against the spec and not against themselves.
/// </summary>
public sealed record SpecRelease(string ReleaseId, string Period, int StageRank, DateTimeOffset PublishedAt, decimal? NationalTotal, List<SpecCity> Cities)
{
    public static readonly string[] Stages = ["preliminary", "official", "revised"];

    public static readonly Dictionary<string, decimal> UnitIn100M = new()
    {
        ["CNY"] = 0.00000001m, ["CNY_10K"] = 0.0001m, ["CNY_100M"] = 1m, ["CNY_BN"] = 10m, ["CNY_TN"] = 10000m,
    };

    public static SpecRelease Parse(string json)
    {
        using var doc = JsonDocument.Parse(json);
        var r = doc.RootElement;
        var factor = UnitIn100M[r.GetProperty("unit").GetString()!];
        decimal? Money(JsonElement e, string name) =>
            e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number ? v.GetDecimal() * factor : null;
        decimal? Plain(JsonElement e, string name) =>
            e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number ? v.GetDecimal() : null;

        var period = r.GetProperty("period").GetString()!;
        if (period.EndsWith("-12-YTD")) period = period[..4];
        var cities = r.GetProperty("cities").EnumerateArray().Select(c => new SpecCity(
            c.GetProperty("cityCode").GetString()!, c.GetProperty("name").GetString()!,
            // The code decides the province, whatever the release names.
            TestCodes.ProvinceOf(c.GetProperty("cityCode").GetString()!),
            Money(c, "total")!.Value, Money(c, "exports"), Money(c, "imports"), Plain(c, "yoyPct"))).ToList();
        return new SpecRelease(r.GetProperty("releaseId").GetString()!, period,
            Array.IndexOf(Stages, r.GetProperty("stage").GetString()),
            DateTimeOffset.Parse(r.GetProperty("publishedAt").GetString()!, CultureInfo.InvariantCulture),
            Money(r, "nationalTotal"), cities);
    }
}

public sealed record SpecCity(string CityCode, string Name, string? Province, decimal Total, decimal? Exports, decimal? Imports, decimal? YoyPct)
{
    public decimal? Value(string measure) => measure switch { "exports" => Exports, "imports" => Imports, _ => Total };
}
