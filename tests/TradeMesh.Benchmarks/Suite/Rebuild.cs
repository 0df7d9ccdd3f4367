namespace TradeMesh.Benchmarks.Suite;

/// <summary>The service's answer: what it replayed and wrote, and its own split of the time.</summary>
public sealed record RebuildAnswer(long Events, long UpToSequence, int Documents, double Seconds, double ReplaySeconds, double WriteSeconds);

/// <summary>
/// Brings the store to a given number of events (realistic releases over HTTP), waits until the
/// daemon has applied them all, then times
/// POST /admin/rebuild, which replays every applied event and rewrites every read model.
/// </summary>
public sealed class Rebuild(Endpoints endpoints, StoreProbe probe, TimeSpan limit)
{
    /// <summary>
    /// Tops the store up with realistic releases over HTTP (as the realistic pipeline pushes them),
    /// 40 at a time so that their JSON is never all in memory at once.
    /// </summary>
    public async Task<(long Added, double FeedSeconds)> FillAsync(Pipeline pipeline, string tag, long target, int cities, int baseYear)
    {
        var missing = target - await probe.StoredEventsAsync();
        if (missing <= 0) return (0, 0);
        var releases = (int)Math.Ceiling(missing / (double)cities);
        var watch = Stopwatch.StartNew();
        for (var done = 0; done < releases; done += 40)
        {
            var n = Math.Min(40, releases - done);
            // Ten years per 40 releases (four per year), so that no two rounds share a period.
            await pipeline.BurstAsync("http", RealisticReleases.Burst($"fill{tag}-{done}", n, cities, baseYear + done / 4), (long)n * cities);
            Console.WriteLine($"  fill: {done + n} of {releases} realistic releases applied ({watch.Elapsed.TotalSeconds:F0} s)");
        }
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
