using TradeMesh.Gateway;
using TradeMesh.Gateway.Auth;
using TradeMesh.Gateway.Docs;
using TradeMesh.Gateway.ProxyErrors;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddGateway();

var app = builder.Build();

app.MapDefaultEndpoints();
// The dashboard (wwwroot/): static files, served before the key check and rate limits.
app.UseDefaultFiles();
app.UseStaticFiles();
app.UseApiReference();
// Before the key check: a flood of bad-key writes is refused cheaply too.
app.UseRateLimiter();
app.UseApiKeys();
app.MapReverseProxy(proxy =>
{
    proxy.UseProxyErrorProblems();
    // A custom pipeline replaces YARP's default one, so its standard steps are listed again.
    proxy.UseSessionAffinity();
    proxy.UseLoadBalancing();
    proxy.UsePassiveHealthChecks();
});

app.Run();
