using TradeMesh.Gateway;
using TradeMesh.Gateway.Auth;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddGateway();

var app = builder.Build();

app.MapDefaultEndpoints();
app.UseApiKeysForWrites();
app.MapReverseProxy();

app.Run();
