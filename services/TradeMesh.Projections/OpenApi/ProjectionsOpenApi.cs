using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace TradeMesh.Projections.OpenApi;

/// <summary>
/// The projection service's OpenAPI document (/openapi/v1.json, served by the gateway as
/// /openapi/projections.json): the public read API only (not /internal or /admin), with
/// product.md's names, which the response records carry.
/// </summary>
internal static class ProjectionsOpenApi
{
    private static readonly Dictionary<string, string> Summaries = new()
    {
        ["GET api/rankings/{period}"] = "Ranking of a period and measure, highest first (optionally as it stood at asOf)",
        ["GET api/movers/{period}"] = "Movers of a period and measure compared with the same period one year earlier",
        ["GET api/cities/{cityCode}/history"] = "Every period of a city with its effective figure and the figures it superseded",
        ["GET api/periods"] = "The periods that have data, newest first",
    };

    private static readonly Dictionary<string, string> Parameters = new()
    {
        ["period"] = "YYYY, YYYY-MM or YYYY-MM-YTD",
        ["measure"] = "total (default), exports or imports",
        ["top"] = "how many entries (rankings: 50 by default; movers: 5 per list by default)",
        ["province"] = "only the cities of this province",
        ["asOf"] = "ISO-8601 instant: only releases published at or before it count",
        ["cityCode"] = "6-digit GB/T 2260 code, e.g. 440300",
    };

    public static IServiceCollection AddProjectionsOpenApi(this IServiceCollection services) =>
        services.AddPublicOpenApi("TradeMesh query API",
            "Rankings, movers, city histories and periods (the names are product.md's). Money is in CNY_100M (亿元).", options =>
        {
            options.AddOperationTransformer((operation, context, _) =>
            {
                if (Summaries.TryGetValue(OpenApiDefaults.OperationKey(context), out var summary))
                    operation.Summary = summary;
                foreach (var parameter in operation.Parameters ?? [])
                    if (parameter is OpenApiParameter p && p.Name is { } name && Parameters.TryGetValue(name, out var description))
                        p.Description = description;
                // Reads carry an ETag (ConditionalGet) where the answer comes from one stored document.
                if (context.Description.HttpMethod == HttpMethods.Get) DeclaredRefusals.Declare(operation, StatusCodes.Status304NotModified);
                return Task.CompletedTask;
            });
        });
}
