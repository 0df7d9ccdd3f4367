using TradeMesh.Ingestion;
using TradeMesh.Ingestion.Releases;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddApplicationServices();

var app = builder.Build();

app.MapDefaultEndpoints();
app.MapReleasesApi();

app.Run();
