using RabbitMQ.Client;

namespace TradeMesh.Benchmarks;

public static class Scenarios
{
    private static string Tag => DateTime.UtcNow.ToString("HHmmssfff");

    /// <summary>Ranking and movers of a 5,000-city period: median and p99, warm, at the service and through the gateway.</summary>
    public static async Task<List<(string, string)>> QueriesAsync(Target target)
    {
        var tag = Tag;
        foreach (var (period, seed) in new[] { ("2300", 1), ("2301", 2) })
        {
            await target.PostAsync(Target.Release($"bench-q-{tag}-{period}", period, 5_000, seed));
            await target.WaitAppliedAsync($"bench-q-{tag}-{period}");
        }
        var rows = new List<(string, string)>();
        foreach (var path in new[] { "/api/rankings/2301", "/api/rankings/2301?top=5000", "/api/movers/2301" })
            foreach (var (name, client) in new[] { ("projections", target.Projections), ("gateway", target.Gateway) })
            {
                var times = await TimeRequestsAsync(client, path, warmup: 30, count: 300);
                rows.Add(($"{path} via {name}", $"median {Median(times):F2} ms, p99 {Percentile(times, 0.99):F2} ms"));
            }
        return rows;
    }

    /// <summary>A 5,000-city release from push to visible in the ranking, over AMQP and HTTP.</summary>
    public static async Task<List<(string, string)>> PushAsync(Target target)
    {
        var rows = new List<(string, string)>();
        foreach (var via in new[] { "amqp", "http" })
        {
            var confirmed = new List<double>();
            var visible = new List<double>();
            for (var i = 0; i < 5; i++)
            {
                var period = $"24{i:D2}";
                var id = $"bench-push-{via}-{Tag}";
                var json = Target.Release(id, period, 5_000, i);
                var watch = Stopwatch.StartNew();
                if (via == "amqp") await PublishAsync(target.Amqp, json);
                else await target.PostAsync(json);
                confirmed.Add(watch.Elapsed.TotalMilliseconds);
                await target.WaitAppliedAsync(id);
                visible.Add(watch.Elapsed.TotalMilliseconds);
            }
            rows.Add(($"{via}: push answered (202 / broker confirm)", $"median {Median(confirmed):F0} ms"));
            rows.Add(($"{via}: push to applied (visible in ranking)", $"median {Median(visible):F0} ms, max {visible.Max():F0} ms"));
        }
        return rows;
    }

    /// <summary>Applying one more small release at the current store size, then after adding events.</summary>
    public static async Task<List<(string, string)>> ApplyCostAsync(Target target)
    {
        var rows = new List<(string, string)>();
        var added = int.Parse(Environment.GetEnvironmentVariable("BENCH_ADD_EVENTS") ?? "200000");
        rows.Add(("one 100-city release, store as it is", $"{await ApplyOneAsync(target, "2500"):F0} ms"));
        var watch = Stopwatch.StartNew();
        var batches = added / 5_000;
        for (var i = 0; i < batches; i++)
            await target.PostAsync(Target.Release($"bench-fill-{Tag}-{i}", $"26{i % 100:D2}", 5_000, i, DateTimeOffset.UtcNow.AddSeconds(i)));
        await WaitReleasesAsync(target, "26", batches);
        rows.Add(($"added {added:N0} events", $"{watch.Elapsed.TotalSeconds:F1} s ({added / watch.Elapsed.TotalSeconds:F0} events/s)"));
        rows.Add(("one 100-city release, after adding", $"{await ApplyOneAsync(target, "2501"):F0} ms"));
        return rows;
    }

    /// <summary>Sustained city-events per second from HTTP push to applied: 20 releases of 1,000 cities, 4 at a time.</summary>
    public static async Task<List<(string, string)>> ThroughputAsync(Target target)
    {
        var tag = Tag;
        // Fresh periods for every run (BENCH_PERIOD_BASE), so runs compared side by side start from the same state.
        var baseYear = int.Parse(Environment.GetEnvironmentVariable("BENCH_PERIOD_BASE") ?? "2700");
        await target.PostAsync(Target.Release($"bench-warm-{tag}", $"{baseYear + 30}", 100, 0));
        await target.WaitAppliedAsync($"bench-warm-{tag}");

        var ids = Enumerable.Range(0, 20).Select(i => $"bench-tp-{tag}-{i}").ToList();
        var watch = Stopwatch.StartNew();
        await Parallel.ForEachAsync(ids.Select((id, i) => (id, i)), new ParallelOptions { MaxDegreeOfParallelism = 4 },
            async (r, _) => await target.PostAsync(Target.Release(r.id, $"{baseYear + r.i}", 1_000, r.i)));
        foreach (var id in ids) await target.WaitAppliedAsync(id);
        var seconds = watch.Elapsed.TotalSeconds;
        return [("20 x 1,000 cities, push to applied", $"{seconds:F1} s = {20_000 / seconds:F0} city-events/s")];
    }

    private static async Task<double> ApplyOneAsync(Target target, string period)
    {
        var times = new List<double>();
        for (var i = 0; i < 5; i++)
        {
            var id = $"bench-one-{Tag}-{i}";
            var watch = Stopwatch.StartNew();
            await target.PostAsync(Target.Release(id, period, 100, i, DateTimeOffset.UtcNow.AddMinutes(i)));
            await target.WaitAppliedAsync(id);
            times.Add(watch.Elapsed.TotalMilliseconds);
        }
        return Median(times);
    }

    /// <summary>Waits until the periods starting with the prefix hold the count of releases (the period list is a read model too).</summary>
    private static async Task WaitReleasesAsync(Target target, string periodPrefix, int count)
    {
        var deadline = DateTime.UtcNow.AddMinutes(30);
        while (DateTime.UtcNow < deadline)
        {
            using var response = await target.Gateway.GetAsync("/api/periods");
            var body = await response.Content.ReadAsStringAsync();
            if (System.Text.Json.JsonDocument.Parse(body).RootElement.EnumerateArray()
                .Where(p => p.GetProperty("period").GetString()!.StartsWith(periodPrefix, StringComparison.Ordinal))
                .Sum(p => p.GetProperty("releases").GetInt32()) >= count) return;
            await Task.Delay(500);
        }
        throw new TimeoutException("fill");
    }

    private static async Task PublishAsync(Uri amqp, string json)
    {
        var factory = new ConnectionFactory { Uri = amqp };
        await using var connection = await factory.CreateConnectionAsync();
        await using var channel = await connection.CreateChannelAsync(new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true));
        var properties = new BasicProperties { ContentType = "application/json", DeliveryMode = DeliveryModes.Persistent };
        await channel.BasicPublishAsync("trademesh.releases", "", mandatory: true, properties, Encoding.UTF8.GetBytes(json));
    }

    private static async Task<List<double>> TimeRequestsAsync(HttpClient client, string path, int warmup, int count)
    {
        for (var i = 0; i < warmup; i++) (await client.GetAsync(path)).EnsureSuccessStatusCode();
        var times = new List<double>(count);
        for (var i = 0; i < count; i++)
        {
            var watch = Stopwatch.StartNew();
            using var response = await client.GetAsync(path);
            await response.Content.ReadAsByteArrayAsync();
            times.Add(watch.Elapsed.TotalMilliseconds);
            response.EnsureSuccessStatusCode();
        }
        return times;
    }

    private static double Median(List<double> xs) => Percentile(xs, 0.5);

    private static double Percentile(List<double> xs, double p)
    {
        var sorted = xs.Order().ToList();
        return sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p * sorted.Count) - 1)];
    }
}
