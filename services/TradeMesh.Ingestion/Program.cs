using TradeMesh.Ingestion;
using TradeMesh.Ingestion.OpenApi;
using TradeMesh.Ingestion.Releases;

using TradeMesh.ServiceDefaults.Access;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddApplicationServices();
builder.Services.AddIngestionOpenApi();

var app = builder.Build();

app.MapDefaultEndpoints();
app.UseGatewayOnly();
app.MapReleasesApi();
// /openapi/v1.json; the gateway serves it as /openapi/ingestion.json.
app.MapOpenApi();

app.Run();
