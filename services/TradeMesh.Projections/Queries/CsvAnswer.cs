using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Http.HttpResults;

namespace TradeMesh.Projections.Queries;

/// <summary>The same rows as the JSON answer, as CSV: UTF-8, a header row, one row per entry (RFC 4180 quoting).</summary>
public static class CsvAnswer
{
    public const string ContentType = "text/csv; charset=utf-8";

    public static bool Accepts(HttpRequest request) =>
        request.Headers.Accept.Any(a => a is not null && a.Contains("text/csv", StringComparison.OrdinalIgnoreCase));

    /// <summary>Each column is its header and how a row fills it.</summary>
    public static ContentHttpResult Of<T>(IEnumerable<T> rows, params (string Header, Func<T, object?> Value)[] columns)
    {
        var csv = new StringBuilder();
        csv.AppendJoin(',', columns.Select(c => c.Header)).Append("\r\n");
        foreach (var row in rows)
            csv.AppendJoin(',', columns.Select(c => Field(c.Value(row)))).Append("\r\n");
        return TypedResults.Text(csv.ToString(), ContentType, Encoding.UTF8);
    }

    private static string Field(object? value)
    {
        var text = value switch
        {
            null => "",
            bool b => b ? "true" : "false",
            IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
            _ => value.ToString() ?? "",
        };
        return text.IndexOfAny([',', '"', '\r', '\n']) >= 0 ? $"\"{text.Replace("\"", "\"\"")}\"" : text;
    }
}
