using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using TradeMesh.Contracts;

namespace TradeMesh.Projections.Rankings.GettingRanking;

/// <summary>Reads and checks the arguments that rankings and movers share; each bad one is named.</summary>
public static class QueryArguments
{
    public const int MaxTop = 5_000;

    public static (string Period, Measure Measure, int Top, DateTimeOffset? AsOf) Read(
        string period, string? measure, int? top, string? asOf, List<string> problems, int defaultTop = 50)
    {
        if (!Period.TryParse(period, out var p)) problems.Add($"period: '{period}' is not YYYY, YYYY-MM or YYYY-MM-YTD");
        var m = Measure.Total;
        if (measure is not null && !Measures.TryParse(measure, out m)) problems.Add($"measure: '{measure}' is not total, exports or imports");
        if (top is < 1 or > MaxTop) problems.Add($"top: must be between 1 and {MaxTop}");
        DateTimeOffset? at = null;
        if (asOf is not null)
        {
            if (DateTimeOffset.TryParse(asOf, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var t)) at = t;
            else problems.Add($"asOf: '{asOf}' is not an ISO-8601 instant");
        }
        return (p.ToString(), m, top ?? defaultTop, at);
    }

    public static ProblemHttpResult BadRequest(IReadOnlyList<string> problems) =>
        TypedResults.Problem(string.Join("; ", problems), statusCode: 400, title: "Invalid query",
            extensions: new Dictionary<string, object?> { ["reasons"] = problems });

    public static ProblemHttpResult NoData(string period, Measure measure) =>
        TypedResults.Problem($"No {measure.Name()} figures for period {period}.", statusCode: 404, title: "No data for this period");
}
