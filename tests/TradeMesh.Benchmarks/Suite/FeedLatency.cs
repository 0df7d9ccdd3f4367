using System.Diagnostics;
using System.Net.Http.Json;
using System.Text;

namespace TradeMesh.Benchmarks.Suite;

/// <summary>
/// Release day through the gateway: from the 202 of a 5,000-city release (its events confirmed by
/// the broker) to its release-applied event at an SSE client of /api/feed; and the pipeline's
/// push-to-applied time with and without 200 idle feed clients held open.
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

    /// <summary>Median push-to-applied (status applied) of small releases, with the given number of idle feed clients connected.</summary>
    public async Task<double> PushToAppliedAsync(string tag, int idleClients, int releases)
    {
        using var gateway = endpoints.GatewayClient();
        using var feedClient = FeedClient();
        var idle = new List<StreamReader>();
        try
        {
            // Opened in steps under the gateway's per-client read limit (200 a second).
            for (var i = 0; i < idleClients; i++)
            {
                idle.Add(await OpenAsync(feedClient));
                if (i % 100 == 99) await Task.Delay(1_100);
            }
            var times = new List<double>();
            for (var i = 0; i < releases; i++)
            {
                var id = $"bench-idle-{tag}-{idleClients}-{i}";
                var watch = Stopwatch.StartNew();
                using var response = await gateway.PostAsync("/api/releases",
                    new StringContent(Target.Release(id, $"27{i:D2}", 500, i), Encoding.UTF8, "application/json"));
                response.EnsureSuccessStatusCode();
                while ((await gateway.GetFromJsonAsync<StatusAnswer>($"/api/releases/{id}"))!.Status != "applied") await Task.Delay(20);
                times.Add(watch.Elapsed.TotalMilliseconds);
            }
            return Stats.Median(times);
        }
        finally
        {
            foreach (var reader in idle) reader.Dispose();
        }
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
