using TradeMesh.Projections;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddApplicationServices();

var app = builder.Build();

app.MapDefaultEndpoints();
app.MapQueryApi();
app.MapInternalApi();

app.Run();
