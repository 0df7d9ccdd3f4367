namespace TradeMesh.EndToEnd.Tests.Faults;

/// <summary>
/// The fault suite: two replicas of each service on a PostgreSQL and a RabbitMQ of the test's
/// own, a steady stream of 1,000-city releases over HTTP and AMQP, and in turn: kill -9 of
/// RabbitMQ, kill -9 of the projection replica running the daemon, a crash-restart of PostgreSQL,
/// kill -9 of an ingestion replica right after its 202s. Each fault fires only once the suite has
/// seen work in flight (releases accepted and not applied; the queues' depths are recorded with
/// it). After each fault every accepted release is applied exactly once (the table's "applied" is
/// counted from the statuses), the read models equal a fresh rebuild, and the error queues hold only
/// the poison message the phase sent on purpose. Run alone: deploy/local/faults.sh.
/// </summary>
[Trait("Category", "Faults")]
public sealed class FaultSuiteTests(ITestOutputHelper output)
{
    private const int Cities = FaultPhases.Cities;
    private static readonly TimeSpan Unready = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Every_accepted_release_is_applied_exactly_once_through_crashes_of_every_part()
    {
        await using var dependencies = await DedicatedDependencies.StartAsync("faults");
        await using var system = await TradeMeshSystem.StartAsync("faults", dependencies: dependencies.Endpoints, replicas: 2);
        await SystemChecks.AssertQuorumQueuesAsync(system, "trademesh.releases", "trademesh.projections");
        var phases = new FaultPhases(system, output, "faults");
        var stream = phases.Stream;

        // A dependency goes away: /health must say so before it is brought back.
        async Task<(string, double)> OutageAsync(Func<Task> stop, Func<Task> start)
        {
            var clock = Stopwatch.StartNew();
            await stop();
            var unready = await WaitUnreadyAsync(system, clock);
            await start();
            return ($"/health 503 at {unready:F1} s", clock.Elapsed.TotalSeconds);
        }

        await phases.RunAsync(0, "kill -9 RabbitMQ", () => OutageAsync(dependencies.KillRabbitMqAsync, dependencies.StartRabbitMqAsync));

        await phases.RunAsync(1, "kill -9 the projection replica running the daemon", async () =>
        {
            var leader = await SystemChecks.DaemonLeaderAsync(system, TimeSpan.FromSeconds(30));
            var clock = Stopwatch.StartNew();
            await system.KillAsync(leader);
            // HotCold failover: the other replica takes the daemon while the killed one is still down.
            await SystemChecks.DaemonLeaderAsync(system, TimeSpan.FromSeconds(60), not: leader);
            var failover = clock.Elapsed.TotalSeconds;
            var standby = await system.StartAgainAsync(leader);
            // The replica that came back stands by; a rebuild sent to it is refused, not raced.
            using (var admin = system.DirectClient(standby, admin: true))
            using (var refused = await admin.PostAsync("admin/rebuild", null))
                Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
            return ($"daemon failed over at {failover:F1} s", clock.Elapsed.TotalSeconds);
        });

        await phases.RunAsync(2, "PostgreSQL crash (immediate stop) and restart", () => OutageAsync(dependencies.CrashPostgresAsync, async () =>
        {
            // A service (re)started while the database is down waits for it instead of dying.
            var ingestion = system.Ingestions[1];
            await system.KillAsync(ingestion);
            var waiting = await system.StartAgainAsync(ingestion, waitHealthy: false);
            await Task.Delay(3_000);
            Assert.False(waiting.HasExited, waiting.LogTail(10));
            await dependencies.StartPostgresAsync();
        }));

        await phases.RunAsync(3, "kill -9 an ingestion replica right after its 202s", async () =>
        {
            var victim = system.Ingestions[0];
            // Releases sent straight to the victim; it is killed the moment the first is answered 202.
            var direct = Enumerable.Range(0, 3).Select(i => stream.PushHttpAsync($"faults-3-direct-{i}",
                phases.Release($"faults-3-direct-{i}", 2300 + i), Cities, to: victim.Address)).ToList();
            await Task.WhenAny(direct);
            var clock = Stopwatch.StartNew();
            await system.KillAsync(victim);
            await Task.WhenAll(direct); // what the victim did not answer is pushed again, through the gateway
            await system.StartAgainAsync(victim);
            return ("-", clock.Elapsed.TotalSeconds);
        });

        // A partial publish: the broker dies after some chunks of a 5,000-city release are stored and
        // before the rest arrive. The publisher gets 503 (or 202 if every chunk was confirmed), and its
        // retry ends with exactly one event per city; the chunks stored twice are absorbed (asserted);
        // no reader ever sees a part of the release.
        await phases.RunAsync(4, "kill -9 RabbitMQ between the chunks of a 5,000-city release", async () =>
        {
            var partial = await PartialPublishAsync(system, dependencies, stream);
            return ($"{partial.StoredAtKill} of {LargeCities} events stored at the kill, first answer {partial.FirstAnswer}, " +
                    $"{partial.Duplicates} duplicates absorbed", partial.Back);
        });

        // The error queue too (declared once the first poison arrived): its arguments follow the queue's.
        await SystemChecks.AssertQuorumQueuesAsync(system, "trademesh.releases_error");
        await phases.WriteAsync("fault-suite.md", "Fault suite");
    }

    private const int LargeCities = 5_000;

    private sealed record Partial(long StoredAtKill, int FirstAnswer, long Duplicates, double Back);

    private static async Task<Partial> PartialPublishAsync(TradeMeshSystem system, DedicatedDependencies dependencies, ReleaseStream stream)
    {
        // An extra ingestion replica whose broker connection is slowed to about 1 MiB in 4 s.
        await using var proxy = ThrottledProxy.Start(system.Amqp.Port, bytesPerSecond: 300_000);
        var environment = system.ServiceEnvironment("ingestion");
        environment["ConnectionStrings__rabbitmq"] = new UriBuilder(system.ServiceAmqp("ingestion")) { Port = proxy.Port }.Uri.ToString();
        environment["Services__projections"] = system.Projections.Address.ToString();
        environment["Publishing__ConfirmTimeoutSeconds"] = "60";
        await using var slow = ServiceProcess.Start("ingestion-slow", "services/TradeMesh.Ingestion",
            Path.Combine(TestEnvironment.RepoRoot, "TestResults", "logs", system.Name), environment);
        using var direct = system.DirectClient(slow, timeout: TimeSpan.FromMinutes(2));
        await WaitUntilAsync(async () => (await direct.GetAsync("/health")).IsSuccessStatusCode, TimeSpan.FromSeconds(60), "the slow ingestion replica");

        var id = "faults-4-large";
        var json = TestReleases.Json(id, "2290", Enumerable.Range(0, LargeCities).Select(c => (TestCodes.City(c), 10m + c % 97)));
        var duplicatesBefore = SystemChecks.DuplicatesAbsorbed(system);
        var posting = direct.PostAsync("/api/releases", new StringContent(json, Encoding.UTF8, "application/json"));
        await using var store = new Npgsql.NpgsqlConnection(system.PostgresConnection);
        await store.OpenAsync();
        async Task<long> StoredAsync()
        {
            await using var command = new Npgsql.NpgsqlCommand("select count(*) from trademesh.mt_events where stream_id = $1", store) { Parameters = { new() { Value = id } } };
            return (long)(await command.ExecuteScalarAsync())!;
        }
        // The kill waits for the moment some chunks are stored and some are not.
        long stored = 0;
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while ((stored = await StoredAsync()) is 0 && !posting.IsCompleted && DateTime.UtcNow < deadline) await Task.Delay(20);
        Assert.True(stored is > 0 and < LargeCities, $"no moment between chunks was seen: {stored} events stored, POST done: {posting.IsCompleted}");

        var clock = Stopwatch.StartNew();
        await dependencies.KillRabbitMqAsync();
        var first = (int)(await posting).StatusCode;
        Assert.True(first is 202 or 503, $"the publisher's answer to a partial publish: {first}");
        // Readers during the outage see none of it (a release counts only once every city is stored):
        // its period, which no other release has, has no ranking yet.
        using (var ranking = await system.Gateway.GetAsync("/api/rankings/2290"))
            Assert.True(ranking.StatusCode == HttpStatusCode.NotFound, $"a part of the release is read: {(int)ranking.StatusCode} {await ranking.Content.ReadAsStringAsync()}");
        await dependencies.StartRabbitMqAsync();
        var back = clock.Elapsed.TotalSeconds;

        // The publisher retries through the gateway until accepted (the phase then checks it is applied once).
        await stream.PushHttpAsync(id, json, LargeCities);
        await system.WaitAppliedAsync(id, TimeSpan.FromMinutes(3));
        Assert.Equal(LargeCities, await StoredAsync());
        var duplicates = SystemChecks.DuplicatesAbsorbed(system) - duplicatesBefore;
        // Whatever was stored before the kill came again with the retry and was skipped.
        Assert.True(duplicates >= stored, $"{stored} events were stored before the kill, {duplicates} duplicates absorbed since");
        return new Partial(stored, first, duplicates, back);
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition, TimeSpan timeout, string what)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            try { if (await condition()) return; }
            catch (HttpRequestException) { /* not up yet */ }
            await Task.Delay(250);
        }
        throw new TimeoutException($"{what} not ready after {timeout}");
    }

    /// <summary>Seconds until the gateway's /health stops answering 200 (it includes every dependency).</summary>
    private static async Task<double> WaitUnreadyAsync(TradeMeshSystem system, Stopwatch clock)
    {
        while (clock.Elapsed < Unready)
        {
            using var response = await system.Gateway.GetAsync("/health");
            if (response.StatusCode != HttpStatusCode.OK) return clock.Elapsed.TotalSeconds;
            await Task.Delay(200);
        }
        throw new TimeoutException($"/health still answered 200 {Unready.TotalSeconds} s into the outage");
    }
}
