namespace TradeMesh.Benchmarks.Suite;

/// <summary>The service's answer: what it replayed and wrote, and its own split of the time.</summary>
public sealed record RebuildAnswer(long Events, long UpToSequence, int Documents, double Seconds, double ReplaySeconds, double WriteSeconds);

/// <summary>
/// Brings the store to a given number of events (fed straight to the projection service, as
/// ingestion would publish them), waits until the daemon has applied them all, then times
/// POST /admin/rebuild, which replays every applied event and rewrites every read model.
/// </summary>
public sealed class Rebuild(Endpoints endpoints, StoreProbe probe, TimeSpan limit)
{
    public async Task<(long Added, double FeedSeconds)> FillAsync(EventFeed feed, string tag, long target, int cities, int baseYear)
    {
        var missing = target - await probe.StoredEventsAsync();
        if (missing <= 0) return (0, 0);
        var releases = (int)Math.Ceiling(missing / (double)cities);
        var ids = Enumerable.Range(0, releases).Select(i => $"bench-fill-{tag}-{i}").ToArray();
        var watch = Stopwatch.StartNew();
        // One release at a time in memory: 1M events built at once would be a gigabyte.
        for (var i = 0; i < releases; i++)
        {
            await feed.PublishAsync(BenchEvents.Release(ids[i], BenchEvents.MonthlyPeriod(baseYear, i), cities, i, DateTimeOffset.UtcNow));
            if (i % 20 == 19) Console.WriteLine($"  fill: {i + 1} of {releases} releases published ({watch.Elapsed.TotalSeconds:F0} s)");
        }
        await probe.WaitAppliedAsync(ids, limit);
        return ((long)releases * cities, watch.Elapsed.TotalSeconds);
    }

    public async Task WaitCaughtUpAsync()
    {
        var deadline = DateTime.UtcNow + limit;
        while (!await probe.DaemonCaughtUpAsync())
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException("the async daemon did not catch up");
            await Task.Delay(500);
        }
    }

    /// <summary>The rebuild's own answer and the wall time of the call.</summary>
    public async Task<(RebuildAnswer Answer, double WallSeconds)> RunAsync()
    {
        using var client = endpoints.ProjectionsClient(limit);
        var watch = Stopwatch.StartNew();
        // Waits for the end however long it takes (by default the service answers 202 after 20 s).
        using var response = await client.PostAsync("/admin/rebuild?wait=3600", null);
        var wall = watch.Elapsed.TotalSeconds;
        response.EnsureSuccessStatusCode();
        var answer = await response.Content.ReadFromJsonAsync<RebuildAnswer>(new System.Text.Json.JsonSerializerOptions(System.Text.Json.JsonSerializerDefaults.Web))
            ?? throw new InvalidOperationException("empty rebuild answer");
        return (answer, wall);
    }
}
