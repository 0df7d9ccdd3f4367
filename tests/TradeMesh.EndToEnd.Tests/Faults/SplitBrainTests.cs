namespace TradeMesh.EndToEnd.Tests.Faults;

/// <summary>
/// The split-brain loop: two projection replicas under a stream of releases, and PostgreSQL
/// crashed (immediate stop) and restarted again and again. After every restart exactly one
/// replica may run the daemon: a sweep in which both answer builds:true, or a progression update
/// out of order in a log, is a double daemon. Then every accepted release is applied exactly once
/// and the read models equal a rebuild run with the standby up.
/// TRADEMESH_SPLITBRAIN_RUNS sets the number of crashes (3 by default: CI's share);
/// TRADEMESH_SPLITBRAIN_GUARD=off runs the replicas without their lock guard, to reproduce it.
/// </summary>
[Trait("Category", "Faults")]
public sealed class SplitBrainTests(ITestOutputHelper output)
{
    private const int Cities = 200;
    private static readonly TimeSpan Watch = TimeSpan.FromSeconds(12);

    [Fact]
    public async Task Only_one_replica_runs_the_daemon_after_each_PostgreSQL_crash()
    {
        var runs = int.TryParse(Environment.GetEnvironmentVariable("TRADEMESH_SPLITBRAIN_RUNS"), out var n) ? n : 3;
        var guard = Environment.GetEnvironmentVariable("TRADEMESH_SPLITBRAIN_GUARD") != "off";
        await using var dependencies = await DedicatedDependencies.StartAsync("split");
        await using var system = await TradeMeshSystem.StartAsync("split", dependencies: dependencies.Endpoints, replicas: 2,
            environment: guard ? null : new Dictionary<string, string> { ["Projections__LockGuard"] = "false" });
        var stream = new ReleaseStream(system);
        using var stop = new CancellationTokenSource();
        var pushing = PushUntilAsync(stream, stop.Token);

        var clock = Stopwatch.StartNew();
        for (var run = 1; run <= runs; run++)
        {
            await SystemChecks.DaemonLeaderAsync(system, TimeSpan.FromSeconds(60));
            var inFlight = stream.Accepted.Count - await AppliedCountAsync(system, stream);
            await dependencies.CrashPostgresAsync();
            await Task.Delay(1_500);
            await dependencies.StartPostgresAsync();

            var (both, sweeps) = await WatchDaemonsAsync(system);
            var outOfOrder = OutOfOrderLines(system);
            output.WriteLine($"run {run}: {sweeps} sweeps, both building in {both}, out-of-order progressions so far {outOfOrder}, releases accepted not applied at the crash {inFlight}, {clock.Elapsed.TotalSeconds:F0} s");
            Assert.True(both == 0 && outOfOrder == 0,
                $"double daemon in run {run} of {runs}: both replicas built in {both} of {sweeps} sweeps; {outOfOrder} ProgressionProgressOutOfOrderException lines");
        }
        await stop.CancelAsync();
        await pushing;
        output.WriteLine($"{runs} clean runs in {clock.Elapsed.TotalSeconds:F0} s, {stream.Accepted.Count} releases accepted");

        Assert.Empty(stream.WrongAnswers);
        await SystemChecks.AssertAppliedExactlyOnceAsync(system, stream.Accepted);
        await SystemChecks.AssertEqualToRebuildAsync(system);
    }

    /// <summary>Polls both replicas' /internal/daemon for a while after PostgreSQL is back.</summary>
    private static async Task<(int Both, int Sweeps)> WatchDaemonsAsync(TradeMeshSystem system)
    {
        using var client = system.DirectClient(null, timeout: TimeSpan.FromSeconds(3));
        var (both, sweeps) = (0, 0);
        var deadline = DateTime.UtcNow + Watch;
        while (DateTime.UtcNow < deadline)
        {
            var building = 0;
            foreach (var replica in system.ProjectionReplicas)
            {
                try
                {
                    var status = await client.GetFromJsonAsync<JsonElement>(new Uri(replica.Address, "internal/daemon"));
                    if (status.GetProperty("builds").GetBoolean()) building++;
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException) { /* busy: counts as not building */ }
            }
            sweeps++;
            if (building > 1) both++;
            await Task.Delay(200);
        }
        return (both, sweeps);
    }

    private static int OutOfOrderLines(TradeMeshSystem system) =>
        system.ProjectionReplicas.Select(r => r.LogPath).Distinct()
            .Sum(path => File.ReadLines(path).Count(l => l.Contains("ProgressionProgressOutOfOrderException")));

    private static async Task<int> AppliedCountAsync(TradeMeshSystem system, ReleaseStream stream)
    {
        var applied = 0;
        foreach (var id in stream.Accepted.Keys)
        {
            try
            {
                using var response = await system.Gateway.GetAsync($"/api/releases/{id}");
                if ((await response.Content.ReadAsStringAsync()).Contains("\"status\":\"applied\"")) applied++;
            }
            catch (HttpRequestException) { /* not answered: not counted as applied */ }
        }
        return applied;
    }

    /// <summary>A 200-city release over AMQP every 700 ms until told to stop (each retried until confirmed).</summary>
    private static async Task PushUntilAsync(ReleaseStream stream, CancellationToken stop)
    {
        for (var i = 0; !stop.IsCancellationRequested; i++)
        {
            var id = $"split-{i}";
            await stream.PushAmqpAsync(id, TestReleases.Json(id, $"{2400 + i % 50}",
                Enumerable.Range(0, Cities).Select(c => (TestCodes.City(c), 10m + c))), Cities);
            try { await Task.Delay(700, stop); } catch (OperationCanceledException) { }
        }
    }
}
