using System.Globalization;
using System.Text.Json;

namespace TradeMesh.Cli.Output;

/// <summary>
/// Reading fields of the API's answers for display: a missing or null field is shown blank rather
/// than failing, so a newer server with an extra or absent field still prints.
/// </summary>
internal static class Json
{
    public static JsonElement? Field(this JsonElement obj, string name) =>
        obj.ValueKind == JsonValueKind.Object && obj.TryGetProperty(name, out var v) && v.ValueKind != JsonValueKind.Null ? v : null;

    public static string Text(this JsonElement obj, string name) => obj.Field(name)?.AsText() ?? "";

    public static decimal? Number(this JsonElement obj, string name) =>
        obj.Field(name) is { ValueKind: JsonValueKind.Number } n && n.TryGetDecimal(out var d) ? d : null;

    public static IEnumerable<JsonElement> Items(this JsonElement obj, string name) =>
        obj.Field(name) is { ValueKind: JsonValueKind.Array } array ? array.EnumerateArray() : [];

    /// <summary>A string, or any other JSON value as its text (a reason, an id).</summary>
    public static string AsText(this JsonElement value) =>
        value.ValueKind == JsonValueKind.String ? value.GetString()! : value.GetRawText();

    /// <summary>Money with thousands separators and every decimal it has: money is never rounded.</summary>
    public static string Money(decimal? value) =>
        value?.ToString("#,##0.############################", CultureInfo.InvariantCulture) ?? "";

    /// <summary>A percentage already rounded by the server to 2 decimals.</summary>
    public static string Percent(decimal? value, bool signed = false) =>
        value is not { } v ? "" : (signed && v > 0 ? "+" : "") + v.ToString("0.00", CultureInfo.InvariantCulture);

    /// <summary>A rank change: +1 climbed, -2 fell, = unchanged, blank when there is no previous rank.</summary>
    public static string Change(decimal? change) => change switch
    {
        null => "",
        0 => "=",
        > 0 => "+" + change.Value.ToString(CultureInfo.InvariantCulture),
        _ => change.Value.ToString(CultureInfo.InvariantCulture),
    };

    /// <summary>The answer's money unit as a reader says it (亿元 unless --unit asked for another).</summary>
    public static string Unit(this JsonElement answer) => answer.Text("unit") switch
    {
        "" or "CNY_100M" => "亿元",
        "CNY_10K" => "万元",
        "CNY" => "元",
        "CNY_TN" => "万亿元",
        var other => other,
    };
}
