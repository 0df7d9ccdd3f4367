using TradeMesh.EndToEnd.Tests.Faults;

namespace TradeMesh.EndToEnd.Tests.Cluster;

/// <summary>
/// The fault suite across hosts (issue 17): two replicas of each service and the gateway, three
/// RabbitMQ nodes (quorum queues on all three) and PostgreSQL under pg_auto_failover (synchronous
/// standby), each in a network namespace of its own, under the same stream of releases as the
/// single-machine suite (FaultPhases). In turn: kill -9 of the host of the quorum queues' leader;
/// a partition of one RabbitMQ node from the other two; kill -9 of the PostgreSQL primary's host
/// (pg_auto_failover promotes the standby, the services follow through their multi-host
/// connection string); a partition of the projection replica running the daemon from every other
/// host. After each: every accepted release applied exactly once, read models equal to a rebuild.
/// Table: TestResults/cross-host-faults.md (the README shows its last full run).
/// </summary>
[Trait("Category", "Cluster")]
[Collection(ClusterCollection.Name)]
public sealed class CrossHostFaultTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Failover = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task Every_accepted_release_is_applied_exactly_once_through_host_crashes_and_partitions()
    {
        await using var cluster = await ClusterDependencies.StartAsync("cross-host", "tmf", "10.231.6");
        // Timestamped logs (UTC), to line a recovery up with the phase's fault (printed with its time).
        var logTimes = new Dictionary<string, string> { ["Logging__Console__FormatterOptions__TimestampFormat"] = "HH:mm:ss.fff ", ["Logging__Console__FormatterOptions__UseUtcTimestamp"] = "true" };
        await using var system = await TradeMeshSystem.StartAsync("crosshost", logTimes, dependencies: cluster.Endpoints, replicas: 2,
            place: async name => await cluster.AddHostAsync(name));
        await SystemChecks.AssertQuorumQueuesAsync(system, "trademesh.releases", "trademesh.projections");
        await AssertReplicatedOnEveryNodeAsync(system, "trademesh.releases");
        // Every service runs in a host of its own, with an address of its own.
        var services = system.Ingestions.Concat(system.ProjectionReplicas).ToList();
        Assert.All(services, s => Assert.NotNull(s.Host));
        Assert.Equal(services.Count, services.Select(s => s.Address.Host).Distinct().Count());
        var phases = new FaultPhases(system, output, "cross-host");

        await phases.RunAsync(0, "kill -9 the host of the quorum queues' leader", async () =>
        {
            var leader = await cluster.RabbitMqLeaderAsync("trademesh.releases", system.VirtualHost);
            var clock = Stopwatch.StartNew();
            await cluster.KillHostAsync(leader);
            var next = await NewLeaderAsync(cluster, system, leader);
            var elected = clock.Elapsed.TotalSeconds;
            await cluster.StartRabbitMqAsync(leader);
            return ($"{leader} killed; {next} leads from {elected:F1} s", clock.Elapsed.TotalSeconds);
        });

        await phases.RunAsync(1, "partition one RabbitMQ node (the leader) from the other two", async () =>
        {
            var leader = await cluster.RabbitMqLeaderAsync("trademesh.releases", system.VirtualHost);
            var clock = Stopwatch.StartNew();
            await cluster.PartitionAsync(leader, [.. ClusterDependencies.RabbitMqHosts.Where(h => h != leader)]);
            var next = await NewLeaderAsync(cluster, system, leader);
            var elected = clock.Elapsed.TotalSeconds;
            // The minority node paused itself (pause_minority); healed, it resumes and rejoins.
            await cluster.HealAsync(leader);
            await cluster.AwaitRabbitMqAsync(leader);
            return ($"{leader} cut off; {next} leads from {elected:F1} s", clock.Elapsed.TotalSeconds);
        });

        await phases.RunAsync(2, "kill -9 the host of the PostgreSQL primary", async () =>
        {
            var primary = await cluster.PostgresPrimaryAsync();
            var clock = Stopwatch.StartNew();
            await cluster.KillHostAsync(primary);
            var promoted = await WaitForAsync(async () => await TryAsync(cluster.PostgresPrimaryAsync) is { } p && p != primary ? p : null, "a new primary");
            var at = clock.Elapsed.TotalSeconds;
            // The killed node comes back as the standby (pg_rewind if needed); synchronous again.
            await cluster.StartPostgresNodeAsync(primary);
            return ($"{primary} killed; {promoted} promoted at {at:F1} s", clock.Elapsed.TotalSeconds);
        });

        await phases.RunAsync(3, "partition the projection replica running the daemon from every other host", async () =>
        {
            var leader = await SystemChecks.DaemonLeaderAsync(system, TimeSpan.FromSeconds(30));
            var clock = Stopwatch.StartNew();
            await cluster.PartitionAsync(leader.Host!.Name);
            // PostgreSQL drops the cut-off session (keepalives), freeing the daemon's lock for the other replica.
            var next = await SystemChecks.DaemonLeaderAsync(system, Failover, not: leader);
            var failover = clock.Elapsed.TotalSeconds;
            await cluster.HealAsync(leader.Host.Name);
            // Healed, the old leader stands by: only one replica builds.
            await WaitForAsync(async () => await BuildsAsync(system, leader) ? null : "standby", $"{leader.Name} to stand by");
            return ($"{leader.Name} cut off; {next.Name} took the daemon at {failover:F1} s", clock.Elapsed.TotalSeconds);
        });

        // The hosts have no route out; still, no service may even try (MassTransit's usage telemetry is off).
        foreach (var service in services)
        {
            using var log = new StreamReader(new FileStream(service.LogPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite));
            Assert.DoesNotContain("usage-tracking.masstransit.io", await log.ReadToEndAsync());
        }
        await phases.WriteAsync("cross-host-faults.md", "Cross-host fault suite (namespaced hosts, 3 RabbitMQ nodes, pg_auto_failover)");
    }

    /// <summary>A quorum queue of the cluster has a member on each of the three nodes.</summary>
    private static async Task AssertReplicatedOnEveryNodeAsync(TradeMeshSystem system, string queue)
    {
        using var management = TradeMeshSystem.ManagementClient(system.Dependencies);
        var info = await management.GetFromJsonAsync<JsonElement>($"api/queues/{Uri.EscapeDataString(system.VirtualHost)}/{Uri.EscapeDataString(queue)}");
        Assert.Equal(3, info.GetProperty("members").GetArrayLength());
    }

    /// <summary>The node that leads the releases queue once another than <paramref name="old"/> does.</summary>
    private static Task<string> NewLeaderAsync(ClusterDependencies cluster, TradeMeshSystem system, string old) =>
        WaitForAsync(async () => await TryAsync(() => cluster.RabbitMqLeaderAsync("trademesh.releases", system.VirtualHost)) is { } l && l != old ? l : null,
            $"a leader other than {old}");

    private static async Task<bool> BuildsAsync(TradeMeshSystem system, ServiceProcess replica)
    {
        using var client = system.DirectClient(null, timeout: TimeSpan.FromSeconds(5));
        try { return (await client.GetFromJsonAsync<JsonElement>(new Uri(replica.Address, "internal/daemon"))).GetProperty("builds").GetBoolean(); }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException) { return true; /* not answering yet: not known to stand by */ }
    }

    private static async Task<string?> TryAsync(Func<Task<string>> ask)
    {
        try { return await ask(); }
        catch (InvalidOperationException) { return null; /* no node answers yet */ }
    }

    private static async Task<string> WaitForAsync(Func<Task<string?>> probe, string what)
    {
        var deadline = DateTime.UtcNow + Failover;
        while (DateTime.UtcNow < deadline)
        {
            if (await probe() is { } found) return found;
            await Task.Delay(250);
        }
        throw new TimeoutException($"no {what} within {Failover.TotalSeconds} s");
    }
}
