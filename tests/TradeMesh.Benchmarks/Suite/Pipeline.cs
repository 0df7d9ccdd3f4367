namespace TradeMesh.Benchmarks.Suite;

/// <summary>
/// When the last release of a burst finished each stage, in seconds from the first push:
/// the slowest stage's finish is the throughput, the gaps between them show which stage queues.
/// </summary>
public sealed record Burst(long Events, double Pushed, double? Accepted, double Stored, double Applied)
{
    public double Rate => Events / Applied;
}

/// <summary>One release pushed alone: milliseconds from its push to each stage.</summary>
public sealed record Lone(double Answered, double? Accepted, double Stored, double Applied);

/// <summary>The pipeline from push to applied: sustained bursts and lone-release latency.</summary>
public sealed class Pipeline(ReleasePusher pusher, StoreProbe probe, TimeSpan limit)
{
    /// <summary>Pushes every release (HTTP: 4 at a time; AMQP: all, the broker queues them) and times until all are applied.</summary>
    public Task<Burst> BurstAsync(string via, string tag, int releases, int cities, int baseYear) =>
        BurstAsync(via, [.. Enumerable.Range(0, releases)
            .Select(i => (Id: $"bench-{via}-{tag}-{i}", Json: Target.Release($"bench-{via}-{tag}-{i}", BenchEvents.MonthlyPeriod(baseYear, i), cities, i)))],
            (long)releases * cities);

    /// <summary>The given releases pushed as above, <paramref name="events"/> city events in all.</summary>
    public async Task<Burst> BurstAsync(string via, IReadOnlyList<(string Id, string Json)> work, long events)
    {
        var ids = work.Select(w => w.Id).ToArray();
        var start = DateTimeOffset.UtcNow;
        var watch = Stopwatch.StartNew();
        if (via == "http")
            await Parallel.ForEachAsync(work, new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (w, _) => await pusher.HttpAsync(w.Json));
        else
            await Task.WhenAll(work.Select(w => pusher.AmqpAsync(w.Json)));
        var pushed = watch.Elapsed.TotalSeconds;
        await probe.WaitAppliedAsync(ids, limit);
        var applied = watch.Elapsed.TotalSeconds;
        return await BurstTimesAsync(ids, events, start, pushed, applied);
    }

    /// <summary>The projection service alone: the same events fed straight to its queue.</summary>
    public async Task<Burst> DirectAsync(EventFeed feed, string tag, int releases, int cities, int baseYear)
    {
        var ids = Enumerable.Range(0, releases).Select(i => $"bench-direct-{tag}-{i}").ToArray();
        var events = ids.Select((id, i) => BenchEvents.Release(id, BenchEvents.MonthlyPeriod(baseYear, i), cities, i, DateTimeOffset.UtcNow)).ToList();
        var start = DateTimeOffset.UtcNow;
        var watch = Stopwatch.StartNew();
        await feed.PublishAsync(events.SelectMany(e => e));
        var pushed = watch.Elapsed.TotalSeconds;
        await probe.WaitAppliedAsync(ids, limit);
        var applied = watch.Elapsed.TotalSeconds;
        return await BurstTimesAsync(ids, (long)releases * cities, start, pushed, applied);
    }

    /// <summary>Releases pushed one at a time, each waited for until applied (visible in the ranking).</summary>
    public Task<List<Lone>> LoneAsync(string via, string tag, int repetitions, int cities, int baseYear) =>
        LoneAsync(via, [.. Enumerable.Range(0, repetitions)
            .Select(i => (Id: $"bench-lone-{via}-{tag}-{i}", Json: Target.Release($"bench-lone-{via}-{tag}-{i}", BenchEvents.MonthlyPeriod(baseYear, i), cities, i)))]);

    /// <summary>The given releases pushed one at a time, as above.</summary>
    public async Task<List<Lone>> LoneAsync(string via, IReadOnlyList<(string Id, string Json)> work)
    {
        var results = new List<Lone>();
        foreach (var (id, json) in work)
        {
            var start = DateTimeOffset.UtcNow;
            var watch = Stopwatch.StartNew();
            await pusher.PushAsync(via, json);
            var answered = watch.Elapsed.TotalMilliseconds;
            await probe.WaitAppliedAsync([id], limit);
            var applied = watch.Elapsed.TotalMilliseconds;
            var t = (await probe.TimesAsync([id]))[id];
            results.Add(new Lone(answered, Ms(t.Accepted, start), Ms(t.Stored, start) ?? double.NaN, applied));
        }
        return results;
    }

    private async Task<Burst> BurstTimesAsync(string[] ids, long events, DateTimeOffset start, double pushed, double applied)
    {
        var times = (await probe.TimesAsync(ids)).Values.ToList();
        var accepted = times.All(t => t.Accepted is not null) ? times.Max(t => t.Accepted)!.Value : (DateTimeOffset?)null;
        var stored = times.Max(t => t.Stored) ?? start;
        return new Burst(events, pushed, accepted is { } a ? (a - start).TotalSeconds : null, (stored - start).TotalSeconds, applied);
    }

    private static double? Ms(DateTimeOffset? at, DateTimeOffset start) => at is { } t ? (t - start).TotalMilliseconds : null;
}
