namespace TradeMesh.EndToEnd.Tests.Gateway;

/// <summary>A system of its own with tiny limits, so the limits are reached quickly and no other test is throttled.</summary>
public sealed class RateLimitedSystemFixture : IAsyncLifetime
{
    public TradeMeshSystem System { get; private set; } = null!;

    public async Task InitializeAsync() => System = await TradeMeshSystem.StartAsync("ratelimit", new Dictionary<string, string>
    {
        ["RateLimits__WritesPerMinute"] = "3",
        ["RateLimits__ReadsPerSecond"] = "5",
    });

    public async Task DisposeAsync() => await System.DisposeAsync();
}

/// <summary>The gateway limits writes per API key and reads per client IP, answering 429 problems with Retry-After.</summary>
public sealed class RateLimitTests(RateLimitedSystemFixture fixture) : IClassFixture<RateLimitedSystemFixture>
{
    private readonly TradeMeshSystem _system = fixture.System;

    private static async Task AssertTooManyAsync(HttpResponseMessage response, int maxRetryAfterSeconds)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.TooManyRequests, $"{(int)response.StatusCode} {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var retryAfter = response.Headers.RetryAfter?.Delta;
        Assert.NotNull(retryAfter);
        Assert.InRange(retryAfter.Value.TotalSeconds, 1, maxRetryAfterSeconds);
        Assert.Contains("\"status\":429", body);
    }

    [Fact]
    public async Task The_fourth_write_of_a_key_within_a_minute_is_429_and_other_keys_still_write()
    {
        var ids = Enumerable.Range(0, 4).Select(i => TestReleases.UniqueId($"rl{i}")).ToArray();
        for (var i = 0; i < 3; i++)
        {
            using var accepted = await _system.PostReleaseAsync(TestReleases.Json(ids[i], "2120", [($"6501{i:00}", 10 + i)]));
            Assert.True(accepted.StatusCode == HttpStatusCode.Accepted, $"write {i + 1}: {(int)accepted.StatusCode} {await accepted.Content.ReadAsStringAsync()}");
        }

        using var fourth = await _system.PostReleaseAsync(TestReleases.Json(ids[3], "2120", [("650199", 99)]));
        await AssertTooManyAsync(fourth, maxRetryAfterSeconds: 60);

        // The limit is the key's, not everyone's: the system's other key may still write.
        using var other = new HttpClient { BaseAddress = _system.GatewayAddress };
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/releases")
        {
            Content = new StringContent(TestReleases.Json(TestReleases.UniqueId("rlother"), "2120", [("650198", 98)]), Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("X-Api-Key", "tm_other_key");
        using var otherKey = await other.SendAsync(request);
        Assert.True(otherKey.StatusCode == HttpStatusCode.Accepted, $"{(int)otherKey.StatusCode} {await otherKey.Content.ReadAsStringAsync()}");
    }

    [Fact]
    public async Task Reads_over_the_limit_are_429_but_health_probes_never_are()
    {
        using var client = new HttpClient { BaseAddress = _system.GatewayAddress };

        var reads = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => client.GetAsync("/api/periods")));
        try
        {
            var limited = reads.Where(r => r.StatusCode == HttpStatusCode.TooManyRequests).ToArray();
            // 5 per second; 20 at once may straddle two windows, so at most 10 get through.
            Assert.InRange(reads.Length - limited.Length, 1, 10);
            Assert.NotEmpty(limited);
            await AssertTooManyAsync(limited[0], maxRetryAfterSeconds: 1);
        }
        finally { foreach (var r in reads) r.Dispose(); }

        var probes = await Task.WhenAll(Enumerable.Range(0, 12).Select(i => client.GetAsync(i % 2 == 0 ? "/health" : "/alive")));
        try
        {
            Assert.All(probes, p => Assert.Equal(HttpStatusCode.OK, p.StatusCode));
        }
        finally { foreach (var p in probes) p.Dispose(); }
    }
}
