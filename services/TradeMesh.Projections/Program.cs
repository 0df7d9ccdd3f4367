using TradeMesh.Projections;
using TradeMesh.Projections.OpenApi;

using TradeMesh.ServiceDefaults.Access;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddApplicationServices();
builder.Services.AddProjectionsOpenApi();

var app = builder.Build();

app.MapDefaultEndpoints();
app.UseGatewayOnly();
app.MapQueryApi();
app.MapInternalApi();
// /openapi/v1.json; the gateway serves it as /openapi/projections.json.
app.MapOpenApi();

app.Run();
