namespace TradeMesh.Benchmarks.Suite;

public sealed record SteadyResult(int Releases, double EventsPerSecond, List<double> PushToApplied, List<double> StoredToApplied, List<MemoryTrend> Memory,
    TimeSpan Warmup, TimeSpan SampleEvery);

/// <summary>
/// Releases pushed over HTTP on a fixed schedule at a given rate (half the sustainable one) for a
/// set time, while the services' RSS is sampled each minute (a short run: 30 samples), judged after
/// a warm-up of a sixth of the run. Each release's lag is measured from its push to the moment a
/// poll saw it applied; the projection's own share is stored to applied.
/// </summary>
public sealed class SteadyRun(ReleasePusher pusher, StoreProbe probe, Endpoints endpoints)
{
    public async Task<SteadyResult> RunAsync(string tag, double eventsPerSecond, int cities, TimeSpan duration, int baseYear, TimeSpan limit)
    {
        var interval = TimeSpan.FromSeconds(cities / eventsPerSecond);
        var pushedAt = new Dictionary<string, DateTimeOffset>();
        var seen = new Dictionary<string, DateTimeOffset>();
        var pushes = new List<Task>();
        var samples = Endpoints.Services.ToDictionary(s => s, _ => new List<(double, double)>());
        var every = TimeSpan.FromSeconds(Math.Clamp(duration.TotalSeconds / 30, 2, 60));
        var warmup = duration / 6;
        using var stop = new CancellationTokenSource();
        var watch = Stopwatch.StartNew();
        var sampler = SampleAsync(samples, watch, every, stop.Token);
        var watcher = WatchAsync(pushedAt, seen, stop.Token);

        for (var i = 0; watch.Elapsed < duration; i++)
        {
            var due = interval * i - watch.Elapsed;
            if (due > TimeSpan.Zero) await Task.Delay(due);
            var id = $"bench-steady-{tag}-{i}";
            var json = Target.Release(id, BenchEvents.MonthlyPeriod(baseYear, i), cities, i);
            lock (pushedAt) pushedAt[id] = DateTimeOffset.UtcNow;
            // Not awaited here: a slow 202 must not slow the schedule (that would hide the lag).
            pushes.Add(pusher.HttpAsync(json));
        }
        await Task.WhenAll(pushes);
        string[] ids;
        lock (pushedAt) ids = [.. pushedAt.Keys];
        await probe.WaitAppliedAsync(ids, limit);
        await Task.Delay(200); // one more poll of the watcher
        await stop.CancelAsync();
        await Task.WhenAll(sampler, watcher);

        var times = await probe.TimesAsync(ids);
        var pushToApplied = ids.Where(seen.ContainsKey).Select(id => (seen[id] - pushedAt[id]).TotalMilliseconds).ToList();
        var storedToApplied = ids.Where(id => seen.ContainsKey(id) && times[id].Stored is not null)
            .Select(id => (seen[id] - times[id].Stored!.Value).TotalMilliseconds).ToList();
        // Judged over the schedule only: the drain at the end is not steady load.
        var memory = samples.Where(s => s.Value.Count(x => x.Item1 >= warmup.TotalSeconds && x.Item1 <= duration.TotalSeconds) > 1)
            .Select(s => MemoryTrend.From(s.Key, [.. s.Value.Where(x => x.Item1 <= duration.TotalSeconds)], warmup.TotalSeconds)).ToList();
        return new SteadyResult(ids.Length, ids.Length * (double)cities / duration.TotalSeconds, pushToApplied, storedToApplied, memory, warmup, every);
    }

    private async Task SampleAsync(Dictionary<string, List<(double, double)>> samples, Stopwatch watch, TimeSpan every, CancellationToken ct)
    {
        using var timer = new PeriodicTimer(every);
        do
        {
            foreach (var service in Endpoints.Services)
                if (ServiceMemory.Read(endpoints.Pid(service)) is { } m) samples[service].Add((watch.Elapsed.TotalSeconds, m.Rss));
        } while (await Tick(timer, ct));
    }

    /// <summary>Every 50 ms, which pushed releases are applied now: their first sighting is when they became visible.</summary>
    private async Task WatchAsync(Dictionary<string, DateTimeOffset> pushedAt, Dictionary<string, DateTimeOffset> seen, CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            string[] pending;
            lock (pushedAt) pending = [.. pushedAt.Keys.Where(id => !seen.ContainsKey(id))];
            if (pending.Length > 0)
            {
                var applied = await probe.AppliedIdsAsync(pending);
                var now = DateTimeOffset.UtcNow; // after the answer: an upper bound, never early
                foreach (var id in applied) seen[id] = now;
            }
            try { await Task.Delay(50, ct); } catch (OperationCanceledException) { }
        }
    }

    private static async Task<bool> Tick(PeriodicTimer timer, CancellationToken ct)
    {
        try { return await timer.WaitForNextTickAsync(ct); }
        catch (OperationCanceledException) { return false; }
    }
}
