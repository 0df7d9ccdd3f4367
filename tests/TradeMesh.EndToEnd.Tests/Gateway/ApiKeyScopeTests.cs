namespace TradeMesh.EndToEnd.Tests.Gateway;

/// <summary>
/// Scoped keys (KEY, KEY:read, KEY:admin), keys required for reads, and a gateway with no keys
/// at all. Each case is a system of its own (its own TRADEMESH_API_KEYS), so the assertions are
/// grouped: starting a system is the slow part.
/// </summary>
public sealed class ApiKeyScopeTests
{
    private readonly string _writeKey = $"tm_w_{Guid.NewGuid():N}";
    private readonly string _readKey = $"tm_r_{Guid.NewGuid():N}";
    private readonly string _adminKey = $"tm_a_{Guid.NewGuid():N}";

    private static async Task<HttpResponseMessage> SendAsync(TradeMeshSystem system, HttpMethod method, string path, string? key, string? json = null)
    {
        using var client = new HttpClient { BaseAddress = system.GatewayAddress, Timeout = TimeSpan.FromSeconds(60) };
        using var request = new HttpRequestMessage(method, path);
        if (json is not null) request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        if (key is not null) request.Headers.Add("X-Api-Key", key);
        return await client.SendAsync(request);
    }

    /// <summary>A problem+json answer with the status, title and detail expected, never echoing a key.</summary>
    private async Task<JsonElement> AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status, string title, string detailPart)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"{(int)response.StatusCode} {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(body).RootElement.Clone();
        Assert.Equal((int)status, problem.GetProperty("status").GetInt32());
        Assert.Equal(title, problem.GetProperty("title").GetString());
        Assert.Contains(detailPart, problem.GetProperty("detail").GetString());
        foreach (var key in new[] { _writeKey, _readKey, _adminKey }) Assert.DoesNotContain(key, body);
        if (status == HttpStatusCode.Unauthorized) Assert.Contains("Bearer", response.Headers.WwwAuthenticate.ToString());
        return problem;
    }

    [Fact]
    public async Task Scopes_decide_writes_admin_and_reads_when_reads_need_a_key()
    {
        await using var system = await TradeMeshSystem.StartAsync("scopes", new Dictionary<string, string>
        {
            // Plain (write), read-only and admin-only entries, spaces around them tolerated.
            ["TRADEMESH_API_KEYS"] = $"{_writeKey}, {_readKey}:read ,{_adminKey}:admin",
            ["Auth__RequireKeyForReads"] = "true",
        });
        var id = TestReleases.UniqueId("scoped");
        var release = TestReleases.Json(id, "2041", [("650100", 7)]);

        // A known key without the scope is 403, and nothing of the release is taken.
        using (var readOnly = await SendAsync(system, HttpMethod.Post, "/api/releases", _readKey, release))
        {
            var problem = await AssertProblemAsync(readOnly, HttpStatusCode.Forbidden, "API key not allowed", "'write' scope");
            Assert.Equal("write", problem.GetProperty("requiredScope").GetString());
        }
        using (var adminOnly = await SendAsync(system, HttpMethod.Post, "/api/releases", _adminKey, release))
            await AssertProblemAsync(adminOnly, HttpStatusCode.Forbidden, "API key not allowed", "'write' scope");
        using (var unknown = await SendAsync(system, HttpMethod.Post, "/api/releases", _writeKey + "x", release))
            await AssertProblemAsync(unknown, HttpStatusCode.Unauthorized, "API key required", "not valid");
        using (var status = await SendAsync(system, HttpMethod.Get, $"/api/releases/{id}", _readKey))
            Assert.Equal(HttpStatusCode.NotFound, status.StatusCode);

        using (var accepted = await SendAsync(system, HttpMethod.Post, "/api/releases", _writeKey, release))
            Assert.True(accepted.StatusCode == HttpStatusCode.Accepted, $"{(int)accepted.StatusCode} {await accepted.Content.ReadAsStringAsync()}");
        await WaitAppliedAsync(system, id, _readKey);

        // Reads need a key here: none or an unknown one is 401; read, write and admin keys may all read.
        using (var anonymous = await SendAsync(system, HttpMethod.Get, "/api/rankings/2041", null))
            await AssertProblemAsync(anonymous, HttpStatusCode.Unauthorized, "API key required", "'read' scope");
        using (var unknownRead = await SendAsync(system, HttpMethod.Get, "/api/rankings/2041", "tm_nope"))
            await AssertProblemAsync(unknownRead, HttpStatusCode.Unauthorized, "API key required", "not valid");
        foreach (var key in new[] { _readKey, _writeKey, _adminKey })
        {
            using var ranking = await SendAsync(system, HttpMethod.Get, "/api/rankings/2041", key);
            var body = await ranking.Content.ReadAsStringAsync();
            Assert.True(ranking.StatusCode == HttpStatusCode.OK, $"{(int)ranking.StatusCode} {body}");
            Assert.Contains("\"650100\"", body);
        }
        // Probes never need a key.
        using (var health = await SendAsync(system, HttpMethod.Get, "/health", null))
            Assert.Equal(HttpStatusCode.OK, health.StatusCode);

        // The rebuild behind the gateway: admin only.
        using (var noKey = await SendAsync(system, HttpMethod.Post, "/admin/rebuild", null))
            await AssertProblemAsync(noKey, HttpStatusCode.Unauthorized, "API key required", "'admin' scope");
        using (var writer = await SendAsync(system, HttpMethod.Post, "/admin/rebuild", _writeKey))
        {
            var problem = await AssertProblemAsync(writer, HttpStatusCode.Forbidden, "API key not allowed", "'admin' scope");
            Assert.Equal("admin", problem.GetProperty("requiredScope").GetString());
        }
        using (var admin = await SendAsync(system, HttpMethod.Post, "/admin/rebuild", _adminKey))
        {
            var body = await admin.Content.ReadAsStringAsync();
            Assert.True(admin.StatusCode == HttpStatusCode.OK, $"{(int)admin.StatusCode} {body}");
            Assert.True(JsonDocument.Parse(body).RootElement.GetProperty("events").GetInt64() >= 1, body);
        }
        using (var after = await SendAsync(system, HttpMethod.Get, "/api/rankings/2041", _readKey))
            Assert.Contains("\"650100\"", await after.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task With_no_keys_configured_writes_are_refused_and_reads_stay_open()
    {
        await using var system = await TradeMeshSystem.StartAsync("nokeys", new Dictionary<string, string> { ["TRADEMESH_API_KEYS"] = "" });
        var id = TestReleases.UniqueId("closed");

        using (var write = await SendAsync(system, HttpMethod.Post, "/api/releases", _writeKey, TestReleases.Json(id, "2042", [("650100", 1)])))
            await AssertProblemAsync(write, HttpStatusCode.Unauthorized, "API key required", "No API keys are configured");
        using (var anonymous = await SendAsync(system, HttpMethod.Post, "/api/releases", null, TestReleases.Json(id, "2042", [("650100", 1)])))
            await AssertProblemAsync(anonymous, HttpStatusCode.Unauthorized, "API key required", "No API keys are configured");
        using (var admin = await SendAsync(system, HttpMethod.Post, "/admin/rebuild", _adminKey))
            await AssertProblemAsync(admin, HttpStatusCode.Unauthorized, "API key required", "No API keys are configured");

        await system.Gateway.GetStringAsync($"/api/releases/{id}", HttpStatusCode.NotFound);
        await system.Gateway.GetStringAsync("/api/periods", HttpStatusCode.OK);
        // Said once at start, so an operator sees why every write fails.
        var warnings = GatewayLog(system).Split('\n').Count(line => line.Contains("TRADEMESH_API_KEYS is empty"));
        Assert.Equal(1, warnings);
    }

    /// <summary>The gateway's log as written so far (shared for reading: the test host is still writing it).</summary>
    private static string GatewayLog(TradeMeshSystem system)
    {
        var path = Path.Combine(TestEnvironment.RepoRoot, "TestResults", "logs", system.Name, "gateway.log");
        using var reader = new StreamReader(new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite));
        return reader.ReadToEnd();
    }

    private static async Task WaitAppliedAsync(TradeMeshSystem system, string id, string key)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        var last = "";
        while (DateTime.UtcNow < deadline)
        {
            using var response = await SendAsync(system, HttpMethod.Get, $"/api/releases/{id}", key);
            last = $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}";
            if (last.Contains("\"status\":\"applied\"")) return;
            await Task.Delay(100);
        }
        throw new TimeoutException($"release {id} not applied: {last}");
    }
}
