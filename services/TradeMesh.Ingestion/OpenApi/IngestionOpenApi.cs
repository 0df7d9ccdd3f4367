using Microsoft.OpenApi;

namespace TradeMesh.Ingestion.OpenApi;

/// <summary>
/// The ingestion service's OpenAPI document (/openapi/v1.json, served by the gateway as
/// /openapi/ingestion.json): the public /api routes with docs/api.md's names.
/// </summary>
public static class IngestionOpenApi
{
    private static readonly Dictionary<string, string> Summaries = new()
    {
        ["POST api/releases"] = "Submit a release (JSON, or CSV with the release fields as query parameters); 202 once the broker confirmed every event",
        ["GET api/releases/{releaseId}"] = "Status of a release: accepted, applied or rejected (with every reason)",
    };

    private static readonly (string Name, string Description)[] CsvQuery =
    [
        ("releaseId", "CSV only: the release id"),
        ("period", "CSV only: YYYY, YYYY-MM or YYYY-MM-YTD"),
        ("stage", "CSV only: preliminary, official or revised"),
        ("unit", "CSV only: CNY_100M, CNY, CNY_10K, CNY_BN or CNY_TN"),
        ("publishedAt", "CSV only: ISO-8601 instant"),
        ("nationalTotal", "CSV only: the national total of the period (optional)"),
    ];

    public static IServiceCollection AddIngestionOpenApi(this IServiceCollection services) =>
        services.AddPublicOpenApi("TradeMesh ingestion API",
            "Publishing releases over HTTP (the names are docs/api.md's). Writes need X-Api-Key or Authorization: Bearer.", options =>
        {
            options.AddOperationTransformer(async (operation, context, ct) =>
            {
                var key = OpenApiDefaults.OperationKey(context);
                if (Summaries.TryGetValue(key, out var summary)) operation.Summary = summary;
                if (key != "POST api/releases") return;
                DeclaredRefusals.Declare(operation, StatusCodes.Status409Conflict);

                var schema = await context.GetOrCreateSchemaAsync(typeof(ReleaseSchema), null, ct);
                // Required as the release rules say, not every constructor parameter.
                schema.Required = new HashSet<string> { "releaseId", "period", "stage", "unit", "publishedAt", "cities" };
                if (schema.Properties?.TryGetValue("cities", out var cities) == true && cities.Items is OpenApiSchema city)
                    city.Required = new HashSet<string> { "cityCode", "total" };
                operation.RequestBody = new OpenApiRequestBody
                {
                    Required = true,
                    Description = "A release as docs/api.md defines it; at most 8 MiB.",
                    Content = new Dictionary<string, OpenApiMediaType>
                    {
                        ["application/json"] = new() { Schema = schema },
                        ["text/csv"] = new()
                        {
                            Schema = new OpenApiSchema
                            {
                                Type = JsonSchemaType.String,
                                Description = "One city per row after the header cityCode,name,province,total,exports,imports,yoyPct; the release fields go in the query.",
                            },
                        },
                    },
                };
                operation.Parameters ??= [];
                foreach (var (name, description) in CsvQuery)
                    operation.Parameters.Add(new OpenApiParameter
                    {
                        Name = name, In = ParameterLocation.Query, Required = false, Description = description,
                        Schema = new OpenApiSchema { Type = JsonSchemaType.String },
                    });
            });
        });
}
