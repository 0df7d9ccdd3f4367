namespace TradeMesh.EndToEnd.Tests.Security;

/// <summary>
/// One public surface: a service's own port answers only what the gateway forwards (it carries the
/// deployment's secret), apart from the up/down probes; the admin endpoints want an admin key at the
/// service as well as at the gateway.
/// </summary>
[Collection(SystemCollection.Name)]
public sealed class ServicePortTests(SystemFixture fixture)
{
    private readonly TradeMeshSystem _system = fixture.System;

    public static TheoryData<string, string, string> Requests => new()
    {
        { "ingestion", "POST", "/api/releases" },
        { "ingestion", "GET", "/api/releases/any-release" },
        { "ingestion", "GET", "/openapi/v1.json" },
        { "projections", "GET", "/api/rankings/2025" },
        { "projections", "GET", "/api/periods" },
        { "projections", "GET", "/internal/daemon" },
        { "projections", "GET", "/internal/releases/any-release/progress" },
        { "projections", "POST", "/admin/rebuild" },
        { "projections", "GET", "/openapi/v1.json" },
    };

    private ServiceProcess Service(string name) => name == "ingestion" ? _system.Ingestion : _system.Projections;

    private static HttpRequestMessage Request(string method, string path)
    {
        var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (method == "POST") request.Content = new StringContent("{}", Encoding.UTF8, "application/json");
        return request;
    }

    [Theory]
    [MemberData(nameof(Requests))]
    public async Task A_service_port_refuses_a_request_without_the_gateway_secret(string service, string method, string path)
    {
        using var bare = new HttpClient { BaseAddress = Service(service).Address };
        foreach (var secret in new[] { null, "", "wrong-secret-of-enough-length", _system.GatewaySecret + "x" })
        {
            using var request = Request(method, path);
            // With the system's API key too: a key alone opens nothing at a service.
            request.Headers.Add("X-Api-Key", _system.AdminKey);
            if (secret is not null) request.Headers.Add(TradeMeshSystem.GatewaySecretHeader, secret);
            using var response = await bare.SendAsync(request);
            var body = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.Forbidden, $"{method} {path} with secret '{secret}': {(int)response.StatusCode} {body}");
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            Assert.Equal(403, JsonDocument.Parse(body).RootElement.GetProperty("status").GetInt32());
        }
    }

    [Theory]
    [InlineData("ingestion")]
    [InlineData("projections")]
    public async Task The_same_service_answers_with_the_secret_and_its_probes_without(string service)
    {
        using var bare = new HttpClient { BaseAddress = Service(service).Address };
        using (var alive = await bare.GetAsync("/alive")) Assert.Equal(HttpStatusCode.OK, alive.StatusCode);
        using (var health = await bare.GetAsync("/health")) Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        using var direct = _system.DirectClient(Service(service));
        using var document = await direct.GetAsync("/openapi/v1.json");
        Assert.Equal(HttpStatusCode.OK, document.StatusCode);
    }

    [Fact]
    public async Task The_rebuild_needs_an_admin_key_at_the_service_and_at_the_gateway()
    {
        var leader = await Faults.SystemChecks.DaemonLeaderAsync(_system, TimeSpan.FromSeconds(60));
        using var withSecret = _system.DirectClient(leader);
        foreach (var key in new[] { null, _system.ApiKey, "tm_invented_key" })
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/admin/rebuild");
            if (key is not null) request.Headers.Add("X-Api-Key", key);
            using var refused = await withSecret.SendAsync(request);
            Assert.True(refused.StatusCode == HttpStatusCode.Unauthorized, $"key '{key}' at the service: {(int)refused.StatusCode} {await refused.Content.ReadAsStringAsync()}");
        }
        using (var status = await withSecret.GetAsync("/admin/rebuild"))
            Assert.Equal(HttpStatusCode.Unauthorized, status.StatusCode);

        // The gateway: the write key is refused there; the admin key passes both checks.
        using (var writer = await _system.Gateway.PostAsync("/admin/rebuild", null))
            Assert.Equal(HttpStatusCode.Forbidden, writer.StatusCode);
        using var admin = new HttpRequestMessage(HttpMethod.Post, "/admin/rebuild?wait=120");
        admin.Headers.Add("X-Api-Key", _system.AdminKey);
        // Not the system's Gateway client: that one sends the write key by default.
        using var gateway = new HttpClient { BaseAddress = _system.GatewayAddress, Timeout = TimeSpan.FromMinutes(3) };
        using var rebuilt = await gateway.SendAsync(admin);
        Assert.True(rebuilt.StatusCode is HttpStatusCode.OK or HttpStatusCode.Accepted,
            $"admin key through the gateway: {(int)rebuilt.StatusCode} {await rebuilt.Content.ReadAsStringAsync()}");
    }
}
