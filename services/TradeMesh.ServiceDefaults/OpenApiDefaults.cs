using Microsoft.AspNetCore.OpenApi;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.OpenApi;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// What every service's OpenAPI document shares (/openapi/v1.json, served by the gateway): only the
/// public /api routes, numbers typed as numbers, and a server of "/" since it is read through the gateway.
/// </summary>
public static class OpenApiDefaults
{
    public static IServiceCollection AddPublicOpenApi(this IServiceCollection services, string title, string description,
        Action<OpenApiOptions> configure) =>
        services.AddOpenApi(options =>
        {
            options.ShouldInclude = d => d.RelativePath?.StartsWith("api/", StringComparison.Ordinal) == true;
            options.AddSchemaTransformer(NumbersAreNumbers);
            options.AddDocumentTransformer((document, _, _) =>
            {
                document.Info.Title = title;
                document.Info.Description = description;
                // Read through the gateway: the service's own address means nothing to a reader.
                document.Servers = [new OpenApiServer { Url = "/" }];
                return Task.CompletedTask;
            });
            configure(options);
            // After the service's own transformers: they may add the request body.
            options.AddOperationTransformer(DeclaredRefusals.DeclareAsync);
        });

    /// <summary>"POST api/releases": how the services' summary tables name an operation.</summary>
    public static string OperationKey(OpenApiOperationTransformerContext context) =>
        $"{context.Description.HttpMethod?.ToUpperInvariant()} {context.Description.RelativePath?.Trim('/')}";

    /// <summary>
    /// The web JSON defaults read numbers from strings too, so the generator types every number as
    /// "number | string" with a pattern; the services write numbers, and the release reader takes only
    /// numbers: describe them as numbers.
    /// </summary>
    public static Task NumbersAreNumbers(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken ct)
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
