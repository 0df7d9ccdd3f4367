using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace TradeMesh.Projections.OpenApi;

/// <summary>
/// The projection service's OpenAPI document (/openapi/v1.json, served by the gateway as
/// /openapi/projections.json): the public read API only (not /internal or /admin), with
/// docs/api.md's names, which the response records carry.
/// </summary>
internal static class ProjectionsOpenApi
{
    private static readonly Dictionary<string, string> Summaries = new()
    {
        ["GET api/rankings/{period}"] = "Ranking of a period and measure, highest first (optionally as it stood at asOf)",
        ["GET api/movers/{period}"] = "Movers of a period and measure compared with the same period one year earlier",
        ["GET api/cities/{cityCode}/history"] = "Every period of a city with its effective figure and the figures it superseded",
        ["GET api/periods"] = "The periods that have data, newest period end first, then the longer span (2025 before 2025-12)",
        ["GET api/cities"] = "The cities the system knows (registry and reported), by code, with province, region, level and first/last period",
        ["GET api/series"] = "Time series of up to 20 cities: each period's value, rank, share, growth, stage and release, as in that period's ranking",
        ["GET api/aggregates/{period}"] = "Provinces or regions ranked by the sum of their city-level figures, with like-for-like growth",
    };

    private static readonly Dictionary<string, string> Parameters = new()
    {
        ["period"] = "YYYY, YYYY-MM or YYYY-MM-YTD",
        ["measure"] = "total (default), exports or imports",
        ["top"] = "how many entries (rankings: 50 by default; movers: 5 per list; cities: 1,000)",
        ["province"] = "only the cities of this province: English name (any case), Chinese name or two-digit code; national rank, gap and share are kept",
        ["asOf"] = "ISO-8601 instant with a zone (as publishedAt): only releases published at or before it count",
        ["offset"] = "how many entries to skip before top (paging; total in the answer counts them all)",
        ["unit"] = "money in the answer: CNY_100M (default), CNY, CNY_10K, CNY_BN or CNY_TN, converted exactly",
        ["level"] = "city (default) or county: ranked apart, never together",
        ["format"] = "json (default) or csv (as Accept: text/csv): UTF-8, a header row, one row per entry",
        ["cities"] = "1 to 20 distinct city codes, comma-separated, in the order wanted",
        ["shape"] = "year (default), month or ytd",
        ["from"] = "first period of the range, of the shape asked (optional, inclusive)",
        ["to"] = "last period of the range, of the shape asked (optional, inclusive)",
        ["by"] = "province (default; key is the two-digit code) or region (east, central, west, northeast)",
        ["q"] = "part of the city's English (any case) or Chinese name, or its code",
        ["cityCode"] = "6-digit GB/T 2260 code, e.g. 440300",
    };

    /// <summary>The operations that answer 304 to a matching If-None-Match (see ConditionalGet).</summary>
    private static readonly HashSet<string> ETagged = ["GET api/rankings/{period}", "GET api/movers/{period}"];

    public static IServiceCollection AddProjectionsOpenApi(this IServiceCollection services) =>
        services.AddPublicOpenApi("TradeMesh query API",
            "Rankings, movers, city histories, series, aggregates, cities and periods (the names are docs/api.md's). Money is in CNY_100M (亿元) unless unit says otherwise.", options =>
        {
            // The type is PeriodMovers only so as not to share its namespace's name; the schema keeps docs/api.md's.
            options.CreateSchemaReferenceId = type => type.Type == typeof(Movers.PeriodMovers) ? "Movers" : OpenApiOptions.CreateDefaultSchemaReferenceId(type);
            options.AddOperationTransformer((operation, context, _) =>
            {
                var key = OpenApiDefaults.OperationKey(context);
                if (Summaries.TryGetValue(key, out var summary)) operation.Summary = summary;
                foreach (var parameter in operation.Parameters ?? [])
                    if (parameter is OpenApiParameter p && p.Name is { } name && Parameters.TryGetValue(name, out var description))
                        p.Description = description;
                // Reads carry an ETag (ConditionalGet) where the answer comes from one stored document.
                if (ETagged.Contains(key)) DeclaredRefusals.Declare(operation, StatusCodes.Status304NotModified);
                // No path parameter, yet a 404: cities neither reported in the range nor in the registry.
                if (key == "GET api/series") DeclaredRefusals.Declare(operation, StatusCodes.Status404NotFound);
                return Task.CompletedTask;
            });
        });
}
