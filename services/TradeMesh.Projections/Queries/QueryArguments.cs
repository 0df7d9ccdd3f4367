using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http.HttpResults;
using TradeMesh.Contracts;

namespace TradeMesh.Projections.Queries;

/// <summary>
/// Reads the common query parameters from their raw strings and names every bad one, so a request
/// answers one 400 listing each reason instead of failing at binding (which would be a 500 or a
/// reason-less 400).
/// </summary>
public sealed partial class QueryArguments
{
    public const int MaxTop = 5_000;

    public List<string> Problems { get; } = [];

    public bool HasProblems => Problems.Count > 0;

    public Period Period(string text, string name = "period")
    {
        if (Contracts.Period.TryParse(text, out var p)) return p;
        Problems.Add($"{name}: '{text}' is not YYYY, YYYY-MM or YYYY-MM-YTD");
        return default;
    }

    public Measure Measure(string? text) => OneOf("measure", text, Measures.TryParse, Contracts.Measure.Total, "total, exports or imports");

    public int Int(string name, string? text, int defaultValue, int min, int max)
    {
        if (text is null) return defaultValue;
        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n >= min && n <= max) return n;
        Problems.Add($"{name}: '{text}' is not a whole number from {min} to {max}");
        return defaultValue;
    }

    public int Top(string? text, int defaultValue) => Int("top", text, defaultValue, 1, MaxTop);

    public int Offset(string? text) => Int("offset", text, 0, 0, int.MaxValue);

    /// <summary>
    /// A full ISO-8601 instant with its zone, as publishedAt: a date alone, a local time or a
    /// culture's own format means a different moment to different readers. A '+' left unencoded
    /// in a query string arrives as a space, so a space before the offset is read as '+'.
    /// </summary>
    public DateTimeOffset? AsOf(string? text)
    {
        if (text is null) return null;
        var t = SpaceOffset().Replace(text, "+$1");
        if (Instant().IsMatch(t) && DateTimeOffset.TryParse(t, CultureInfo.InvariantCulture, DateTimeStyles.None, out var at)) return at;
        Problems.Add($"asOf: '{text}' is not an ISO-8601 instant with a zone (e.g. 2026-02-01T00:00:00Z or 2026-02-01T08:00:00+08:00)");
        return null;
    }

    public TradeUnit Unit(string? text) => OneOf("unit", text, TradeUnits.TryParse, TradeUnit.CNY_100M, "CNY, CNY_10K, CNY_100M, CNY_BN or CNY_TN");

    public CityLevel Level(string? text) => OneOf("level", text, Geography.TryParseLevel, CityLevel.City, "city or county");

    private delegate bool TryParse<T>(string? text, out T value);

    /// <summary>The default when not given; else the value, or the default and a problem saying what it may be.</summary>
    private T OneOf<T>(string name, string? text, TryParse<T> parse, T defaultValue, string expected)
    {
        if (text is null) return defaultValue;
        if (parse(text, out var value)) return value;
        Problems.Add($"{name}: '{text}' is not {expected}");
        return defaultValue;
    }

    public Province? Province(string? text)
    {
        if (text is null) return null;
        if (Geography.FindProvince(text) is { } p) return p;
        Problems.Add($"province: '{text}' is not a mainland province (English name, Chinese name or two-digit code)");
        return null;
    }

    /// <summary>CSV when asked by ?format=csv or an Accept header naming text/csv; ?format=json forces JSON.</summary>
    public bool Csv(string? format, HttpContext context)
    {
        if (format is not null)
        {
            if (format is "csv" or "json") return format == "csv";
            Problems.Add($"format: '{format}' is not json or csv");
            return false;
        }
        return CsvAnswer.Accepts(context.Request);
    }

    public ProblemHttpResult BadRequest() => BadRequest(Problems);

    public static ProblemHttpResult BadRequest(IReadOnlyList<string> problems) =>
        TypedResults.Problem(string.Join("; ", problems), statusCode: 400, title: "Invalid query",
            extensions: new Dictionary<string, object?> { ["reasons"] = problems });

    public static ProblemHttpResult NoData(string period, Measure measure, CityLevel level = CityLevel.City) =>
        TypedResults.Problem($"No {measure.Name()} figures for {level.Name()}-level cities in period {period}.", statusCode: 404, title: "No data for this period");

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,7})?)?(Z|[+-]\d{2}:\d{2})$")]
    private static partial Regex Instant();

    [GeneratedRegex(@" (\d{2}:\d{2})$")]
    private static partial Regex SpaceOffset();
}
