using System.Diagnostics;
using System.Net.Http.Json;

namespace TradeMesh.Benchmarks.Suite;

public sealed record RebuildAnswer(long Events, long UpToSequence, int Documents, double Seconds);

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

    /// <summary>
    /// The rebuild's own answer, the wall time of the call, and when its write phase began: the
    /// service reports only its total, so the first COPY into the documents seen in
    /// pg_stat_activity (polled every 100 ms) splits replaying the events in memory from writing.
    /// </summary>
    public async Task<(RebuildAnswer Answer, double WallSeconds, double? WritesFrom)> RunAsync()
    {
        using var client = new HttpClient { BaseAddress = endpoints.Projections, Timeout = limit };
        using var stop = new CancellationTokenSource();
        var watch = Stopwatch.StartNew();
        var writes = FirstCopyAsync(watch, stop.Token);
        // Waits for the end however long it takes (by default the service answers 202 after 20 s).
        using var response = await client.PostAsync("/admin/rebuild?wait=3600", null);
        var wall = watch.Elapsed.TotalSeconds;
        await stop.CancelAsync();
        response.EnsureSuccessStatusCode();
        var answer = await response.Content.ReadFromJsonAsync<RebuildAnswer>(new System.Text.Json.JsonSerializerOptions(System.Text.Json.JsonSerializerDefaults.Web))
            ?? throw new InvalidOperationException("empty rebuild answer");
        return (answer, wall, await writes);
    }

    private async Task<double?> FirstCopyAsync(Stopwatch watch, CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            if (await probe.CopyRunningAsync()) return watch.Elapsed.TotalSeconds;
            try { await Task.Delay(100, ct); } catch (OperationCanceledException) { }
        }
        return null;
    }
}
