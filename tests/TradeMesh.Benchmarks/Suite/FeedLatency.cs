namespace TradeMesh.Benchmarks.Suite;

/// <summary>
/// Release day through the gateway: from the 202 of a 5,000-city release (its events confirmed by
/// the broker) to its release-applied event at an SSE client of /api/feed; and the pipeline's
/// push-to-applied time with and without 200 idle feed clients held open, in alternating rounds.
/// </summary>
public sealed class FeedLatency(Endpoints endpoints)
{
    public async Task<List<double>> PushToFeedAsync(string tag, int releases)
    {
        using var gateway = endpoints.GatewayClient();
        using var feedClient = FeedClient();
        using var stream = await OpenAsync(feedClient);
        var times = new List<double>();
        for (var i = 0; i < releases; i++)
        {
            var id = $"bench-feed-{tag}-{i}";
            using var response = await gateway.PostAsync("/api/releases",
                new StringContent(Target.Release(id, $"26{i:D2}", 5_000, i), Encoding.UTF8, "application/json"));
            response.EnsureSuccessStatusCode();
            var confirmed = Stopwatch.StartNew();
            while (await stream.ReadLineAsync() is { } line)
                if (line.StartsWith("data: ", StringComparison.Ordinal) && line.Contains($"\"releaseId\":\"{id}\"", StringComparison.Ordinal)) break;
            times.Add(confirmed.Elapsed.TotalMilliseconds);
        }
        return times;
    }

    /// <summary>
    /// Push-to-applied (status applied) of 5,000-city releases over HTTP, in rounds that alternate
    /// between no feed client and <paramref name="idleClients"/> idle ones held open (opened before
    /// the round, closed after it), so both arms share the machine's state; every time of each arm.
    /// </summary>
    public async Task<(List<double> Without, List<double> With)> IdleClientsCostAsync(string tag, int idleClients, int rounds, int perRound)
    {
        using var gateway = endpoints.GatewayClient();
        using var feedClient = FeedClient();
        var (without, with) = (new List<double>(), new List<double>());
        for (var round = 0; round < rounds; round++)
        {
            foreach (var clients in new[] { 0, idleClients })
            {
                var idle = new List<StreamReader>();
                try
                {
                    // Opened in steps under the gateway's per-client read limit (200 a second).
                    for (var i = 0; i < clients; i++)
                    {
                        idle.Add(await OpenAsync(feedClient));
                        if (i % 100 == 99) await Task.Delay(1_100);
                    }
                    for (var i = 0; i < perRound; i++)
                    {
                        var n = round * perRound + i;
                        var id = $"bench-idle-{tag}-{clients}-{n}";
                        var watch = Stopwatch.StartNew();
                        using var response = await gateway.PostAsync("/api/releases",
                            new StringContent(Target.Release(id, $"{(clients == 0 ? 27 : 28)}{n:D2}", 5_000, n), Encoding.UTF8, "application/json"));
                        response.EnsureSuccessStatusCode();
                        while ((await gateway.GetFromJsonAsync<StatusAnswer>($"/api/releases/{id}"))!.Status != "applied") await Task.Delay(20);
                        (clients == 0 ? without : with).Add(watch.Elapsed.TotalMilliseconds);
                    }
                }
                finally
                {
                    foreach (var reader in idle) reader.Dispose();
                }
            }
        }
        return (without, with);
    }

    private sealed record StatusAnswer(string Status);

    private HttpClient FeedClient()
    {
        var client = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 1_000 }) { BaseAddress = endpoints.Gateway, Timeout = Timeout.InfiniteTimeSpan };
        client.DefaultRequestHeaders.Add("X-Api-Key", endpoints.ApiKey);
        return client;
    }

    private static async Task<StreamReader> OpenAsync(HttpClient client)
    {
        var response = await client.GetAsync("/api/feed", HttpCompletionOption.ResponseHeadersRead);
        response.EnsureSuccessStatusCode();
        var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
        await reader.ReadLineAsync(); // ": connected": the server holds this client's position from here
        return reader;
    }
}
