using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// The refusals every operation can answer, declared in the OpenAPI document as problem+json, so a
/// client (or a validating proxy) finds each status it may see: what the framework and the gateway
/// answer for any operation (400, 401/403 from the keys, 414/431, 429, 502-504) and what follows
/// from its shape (404 with a path parameter, 413/415 with a body). A service adds its
/// own (409, 304) beside its operations.
/// </summary>
public static class DeclaredRefusals
{
    private static readonly Dictionary<int, string> Descriptions = new()
    {
        [StatusCodes.Status304NotModified] = "Not modified: the ETag sent in If-None-Match still holds",
        [StatusCodes.Status400BadRequest] = "Invalid request: every reason is listed, each naming its parameter or field",
        [StatusCodes.Status401Unauthorized] = "No valid API key (where the gateway requires one for this request)",
        [StatusCodes.Status403Forbidden] = "The API key lacks the scope this request needs",
        [StatusCodes.Status404NotFound] = "No data for this period, measure, city or release",
        [StatusCodes.Status409Conflict] = "Conflict with what is already stored",
        [StatusCodes.Status413PayloadTooLarge] = "Request body over the limit (8 MiB), refused before it was read",
        [StatusCodes.Status414UriTooLong] = "Request URI too long (over 8 KiB)",
        [StatusCodes.Status431RequestHeaderFieldsTooLarge] = "Request headers too large (over 32 KiB)",
        [StatusCodes.Status415UnsupportedMediaType] = "Unsupported Content-Type: application/json or text/csv (charset utf-8)",
        [StatusCodes.Status429TooManyRequests] = "Over the gateway's rate limit; Retry-After says when to try again",
        [StatusCodes.Status502BadGateway] = "The service behind the gateway could not be reached",
        [StatusCodes.Status503ServiceUnavailable] = "A dependency (database, broker, service) is unavailable; send the same request again shortly",
        [StatusCodes.Status504GatewayTimeout] = "The service behind the gateway did not answer in time",
    };

    public static Task DeclareAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken ct)
    {
        var description = context.Description;
        var hasBody = operation.RequestBody is not null || description.ParameterDescriptions.Any(p => p.Source.Id == "Body");
        var statuses = new List<int> { 400, 401, 403, 414, 429, 431, 502, 503, 504 };
        if (description.ParameterDescriptions.Any(p => p.Source.Id == "Path")) statuses.Add(404);
        if (hasBody) statuses.AddRange([413, 415]);
        Declare(operation, [.. statuses]);
        return Task.CompletedTask;
    }

    /// <summary>Adds these statuses to the operation's responses (problem+json, 304 without a body).</summary>
    public static void Declare(OpenApiOperation operation, params int[] statuses)
    {
        operation.Responses ??= [];
        foreach (var status in statuses.Order())
            operation.Responses.TryAdd(status.ToString(), new OpenApiResponse
            {
                Description = Descriptions.GetValueOrDefault(status, "Refused"),
                Content = status == StatusCodes.Status304NotModified ? null
                    : new Dictionary<string, OpenApiMediaType> { ["application/problem+json"] = new() { Schema = Problem() } },
            });
    }

    /// <summary>RFC 9457 problem details as the services write them; reasons where there are several.</summary>
    private static OpenApiSchema Problem() => new()
    {
        Type = JsonSchemaType.Object,
        Required = new HashSet<string> { "type", "title", "status" },
        Properties = new Dictionary<string, IOpenApiSchema>
        {
            ["type"] = new OpenApiSchema { Type = JsonSchemaType.String },
            ["title"] = new OpenApiSchema { Type = JsonSchemaType.String },
            ["status"] = new OpenApiSchema { Type = JsonSchemaType.Integer },
            ["detail"] = new OpenApiSchema { Type = JsonSchemaType.String },
            ["reasons"] = new OpenApiSchema { Type = JsonSchemaType.Array, Items = new OpenApiSchema { Type = JsonSchemaType.String } },
        },
    };
}
