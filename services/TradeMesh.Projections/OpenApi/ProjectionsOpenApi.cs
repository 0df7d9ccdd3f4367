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
        services.AddOpenApi(options =>
        {
            options.ShouldInclude = d => d.RelativePath?.StartsWith("api/", StringComparison.Ordinal) == true;
            options.AddSchemaTransformer(NumbersAreNumbers);
            options.AddDocumentTransformer((document, _, _) =>
            {
                document.Info.Title = "TradeMesh query API";
                document.Info.Description = "Rankings, movers, city histories and periods (the names are product.md's). Money is in CNY_100M (亿元).";
                document.Servers = [new OpenApiServer { Url = "/" }];
                return Task.CompletedTask;
            });
            options.AddOperationTransformer((operation, context, _) =>
            {
                if (Summaries.TryGetValue($"{context.Description.HttpMethod?.ToUpperInvariant()} {context.Description.RelativePath?.Trim('/')}", out var summary))
                    operation.Summary = summary;
                foreach (var parameter in operation.Parameters ?? [])
                    if (parameter is OpenApiParameter p && p.Name is { } name && Parameters.TryGetValue(name, out var description))
                        p.Description = description;
                return Task.CompletedTask;
            });
        });

    /// <summary>
    /// The web JSON defaults read numbers from strings too, so the generator types every number as
    /// "number | string" with a pattern; the services write numbers, and the release reader takes only
    /// numbers: describe them as numbers.
    /// </summary>
    internal static Task NumbersAreNumbers(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken ct)
    {
        if (schema.Type is { } type && (type.HasFlag(JsonSchemaType.Number) || type.HasFlag(JsonSchemaType.Integer))
            && type.HasFlag(JsonSchemaType.String))
        {
            schema.Type = type & ~JsonSchemaType.String;
            schema.Pattern = null;
        }
        return Task.CompletedTask;
    }
}
