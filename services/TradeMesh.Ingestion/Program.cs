using TradeMesh.Ingestion;
using TradeMesh.Ingestion.OpenApi;
using TradeMesh.Ingestion.Releases;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddApplicationServices();
builder.Services.AddIngestionOpenApi();

var app = builder.Build();

app.MapDefaultEndpoints();
app.MapReleasesApi();
// /openapi/v1.json; the gateway serves it as /openapi/ingestion.json.
app.MapOpenApi();

app.Run();
