using TradeMesh.Gateway;
using TradeMesh.Gateway.Auth;
using TradeMesh.Gateway.Diagnostics;
using TradeMesh.Gateway.Docs;
using TradeMesh.Gateway.ProxyErrors;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddGateway();

var app = builder.Build();

app.MapDefaultEndpoints();
app.CheckApiKeys();
app.MapMemoryEndpointForTests();
// The dashboard (wwwroot/): static files, served before the key check and rate limits.
app.UseDefaultFiles();
app.UseStaticFiles();
app.UseApiReference();
// Authenticate, then authorize (each route's policy), then rate-limit: a request without a valid
// key is refused before any limiter sees it.
app.UseAuthentication();
app.UseAuthorization();
app.UseRateLimiter();
app.MapReverseProxy(proxy =>
{
    proxy.UseProxyErrorProblems();
    // A custom pipeline replaces YARP's default one, so its standard steps are listed again.
    proxy.UseSessionAffinity();
    proxy.UseLoadBalancing();
    proxy.UsePassiveHealthChecks();
});

app.Run();
