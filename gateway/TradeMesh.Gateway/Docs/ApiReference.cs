namespace TradeMesh.Gateway.Docs;

/// <summary>
/// /docs: swagger-ui (files embedded in Swashbuckle's package, no network needed) over the two
/// services' OpenAPI documents, which the gateway proxies. Read-only: "Try it out" is off, since
/// a page on the gateway cannot hold a caller's API key safely.
/// </summary>
internal static class ApiReference
{
    public static void UseApiReference(this IApplicationBuilder app) => app.UseSwaggerUI(o =>
    {
        o.RoutePrefix = "docs";
        o.DocumentTitle = "TradeMesh API reference";
        o.SwaggerEndpoint("/openapi/ingestion.json", "Ingestion: publishing releases");
        o.SwaggerEndpoint("/openapi/projections.json", "Projections: rankings, movers, history and more");
        o.SupportedSubmitMethods();
    });
}
