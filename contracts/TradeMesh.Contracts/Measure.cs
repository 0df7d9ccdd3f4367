using System.Text.Json.Serialization;

namespace TradeMesh.Contracts;

/// <summary>What a ranking ranks: imports + exports, or one of them.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<Measure>))]
public enum Measure
{
    [JsonStringEnumMemberName("total")] Total,
    [JsonStringEnumMemberName("exports")] Exports,
    [JsonStringEnumMemberName("imports")] Imports,
}

public static class Measures
{
    public static readonly Measure[] All = [Measure.Total, Measure.Exports, Measure.Imports];

    public static bool TryParse(string? text, out Measure measure)
    {
        measure = text switch { "exports" => Measure.Exports, "imports" => Measure.Imports, _ => Measure.Total };
        return text is "total" or "exports" or "imports";
    }

    public static string Name(this Measure measure) => measure.ToString().ToLowerInvariant();
}
