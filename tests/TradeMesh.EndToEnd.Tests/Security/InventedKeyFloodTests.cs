using System.Net.Sockets;

namespace TradeMesh.EndToEnd.Tests.Security;

/// <summary>
/// Authenticate, then rate-limit: invented keys are 401s that leave no state behind, and an
/// address that fails too often is refused (429) until its window ends, valid key or not.
/// </summary>
[Collection(FloodCollection.Name)]
public sealed class InventedKeyFloodTests(ITestOutputHelper output)
{
    private const int Flood = 100_000;
    private const int Warmup = 2_000;

    [Fact]
    public async Task A_hundred_thousand_invented_keys_are_all_401_and_leave_the_gateway_memory_bounded()
    {
        await using var system = await TradeMeshSystem.StartAsync("flood", new Dictionary<string, string>
        {
            ["Diagnostics__MemoryEndpoint"] = "true",
            // Every invented key reaches the key check (none is cut short by the per-address budget).
            ["RateLimits__FailedAuthenticationsPerMinute"] = "100000000",
            // Low, so a limiter window per invented key would be the only way to let them write.
            ["RateLimits__WritesPerMinute"] = "5",
        });
        var id = TestReleases.UniqueId("flood");
        var body = TestReleases.Json(id, "2150", [("650100", 1)]);
        using var client = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 8 }) { BaseAddress = system.GatewayAddress };

        await SendInventedAsync(client, body, 0, Warmup);
        var before = await MemoryAsync(client);
        var statuses = await SendInventedAsync(client, body, Warmup, Warmup + Flood);
        var after = await MemoryAsync(client);

        var report = $"{Flood} invented keys: {string.Join(", ", statuses.Select(s => $"{s.Value} x {s.Key}"))}; " +
            $"GC heap {before.Heap / 1024.0 / 1024:F2} -> {after.Heap / 1024.0 / 1024:F2} MiB, " +
            $"working set {before.WorkingSet / 1024.0 / 1024:F1} -> {after.WorkingSet / 1024.0 / 1024:F1} MiB";
        output.WriteLine(report);
        Directory.CreateDirectory(Path.Combine(TestEnvironment.RepoRoot, "TestResults"));
        await File.WriteAllTextAsync(Path.Combine(TestEnvironment.RepoRoot, "TestResults", "invented-keys.md"), report + "\n");

        // None passes: every one is a 401.
        Assert.Equal(Flood, statuses.GetValueOrDefault(HttpStatusCode.Unauthorized));
        Assert.Single(statuses);
        await system.Gateway.GetStringAsync($"/api/releases/{id}", HttpStatusCode.NotFound);
        // A window or a hashed key kept per invented key costs well over 100 bytes each, 10 MB for
        // the flood; 4 MiB leaves room for the allocator's noise and nothing more.
        Assert.True(after.Heap - before.Heap < 4 * 1024 * 1024, report);
    }

    [Fact]
    public async Task An_address_that_fails_too_often_is_429_until_its_window_ends_and_other_addresses_are_not()
    {
        await using var system = await TradeMeshSystem.StartAsync("authfail", new Dictionary<string, string>
        {
            ["RateLimits__FailedAuthenticationsPerMinute"] = "3",
        });
        var body = TestReleases.Json(TestReleases.UniqueId("authfail"), "2151", [("650100", 1)]);
        // A loopback address of its own, so the budget spent here is not the other tests'.
        using var guesser = ClientFrom(IPAddress.Parse("127.0.0.7"), system.GatewayAddress);

        for (var i = 0; i < 3; i++)
        {
            using var refused = await PostAsync(guesser, body, $"tm_guess_{i}");
            Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        }
        using (var limited = await PostAsync(guesser, body, "tm_guess_3"))
        {
            var problem = await limited.Content.ReadAsStringAsync();
            Assert.True(limited.StatusCode == HttpStatusCode.TooManyRequests, $"{(int)limited.StatusCode} {problem}");
            Assert.Equal("application/problem+json", limited.Content.Headers.ContentType?.MediaType);
            Assert.InRange(limited.Headers.RetryAfter?.Delta?.TotalSeconds ?? 0, 1, 60);
        }
        // Over the budget even the right key is refused: a guesser must not learn which guess was right.
        using (var valid = await PostAsync(guesser, body, system.ApiKey))
            Assert.Equal(HttpStatusCode.TooManyRequests, valid.StatusCode);
        // Another address is not affected.
        using var other = ClientFrom(IPAddress.Parse("127.0.0.8"), system.GatewayAddress);
        using (var accepted = await PostAsync(other, body, system.ApiKey))
            Assert.True(accepted.StatusCode == HttpStatusCode.Accepted, $"{(int)accepted.StatusCode} {await accepted.Content.ReadAsStringAsync()}");
    }

    private static async Task<Dictionary<HttpStatusCode, int>> SendInventedAsync(HttpClient client, string body, int from, int to)
    {
        var next = from - 1;
        var counts = new Dictionary<HttpStatusCode, int>();
        await Task.WhenAll(Enumerable.Range(0, 8).Select(async _ =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < to)
            {
                using var response = await PostAsync(client, body, $"tm_invented_{i}_{Guid.NewGuid():N}");
                lock (counts) counts[response.StatusCode] = counts.GetValueOrDefault(response.StatusCode) + 1;
            }
        }));
        return counts;
    }

    private static async Task<HttpResponseMessage> PostAsync(HttpClient client, string body, string key)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/releases") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Add("X-Api-Key", key);
        return await client.SendAsync(request);
    }

    private static async Task<(long Heap, long WorkingSet)> MemoryAsync(HttpClient client)
    {
        var memory = await client.GetJsonAsync("/internal/memory");
        return (memory.GetProperty("gcHeapBytes").GetInt64(), memory.GetProperty("workingSetBytes").GetInt64());
    }

    /// <summary>An HttpClient whose connections leave from the given loopback address.</summary>
    private static HttpClient ClientFrom(IPAddress source, Uri gateway) => new(new SocketsHttpHandler
    {
        ConnectCallback = async (context, ct) =>
        {
            var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                socket.Bind(new IPEndPoint(source, 0));
                await socket.ConnectAsync(context.DnsEndPoint, ct);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch { socket.Dispose(); throw; }
        },
    }) { BaseAddress = gateway };
}

/// <summary>The flood takes both cores for minutes: it runs alone, so other systems do not time out starting beside it.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class FloodCollection
{
    public const string Name = "invented-key flood";
}
