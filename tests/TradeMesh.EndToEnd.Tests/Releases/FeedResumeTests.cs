using TradeMesh.EndToEnd.Tests.Faults;

namespace TradeMesh.EndToEnd.Tests.Releases;

/// <summary>
/// GET /api/feed on two projection replicas behind two gateways: a client through one gateway that
/// disconnects while releases are applied (and the replica that builds is killed) resumes with
/// Last-Event-ID through the other gateway and misses nothing; a client connected straight to
/// either replica, or resuming on the other one, gets the same events with the same ids, each once.
/// </summary>
public sealed class FeedResumeTests
{
    private static string Sample(string file) => File.ReadAllText(TestEnvironment.SampleData(file));

    private static readonly string[] Files = ["2024-annual-official.json", "2025-annual-preliminary.json",
        "2025-annual-revised-tianjin.json", "warning-examples/2025-xian-unit-slip.json"];

    [Fact]
    public async Task A_client_that_resumes_with_Last_Event_ID_on_any_replica_misses_nothing()
    {
        await using var system = await TradeMeshSystem.StartAsync("feed_resume", replicas: 2);
        using var gatewayClient = new HttpClient { BaseAddress = system.GatewayAddress, Timeout = Timeout.InfiniteTimeSpan };
        gatewayClient.DefaultRequestHeaders.Add("X-Api-Key", system.ApiKey);
        var throughGateway = await FeedReader.OpenAsync(gatewayClient, null);
        using var otherGatewayClient = new HttpClient { BaseAddress = await system.StartAnotherGatewayAsync(), Timeout = Timeout.InfiniteTimeSpan };
        otherGatewayClient.DefaultRequestHeaders.Add("X-Api-Key", system.ApiKey);
        var (first, second) = (system.ProjectionReplicas[0], system.ProjectionReplicas[1]);
        using var firstClient = system.DirectClient(first, timeout: Timeout.InfiniteTimeSpan);
        using var secondClient = system.DirectClient(second, timeout: Timeout.InfiniteTimeSpan);
        var atFirst = await FeedReader.OpenAsync(firstClient, null);
        var atSecond = await FeedReader.OpenAsync(secondClient, null);

        // One at a time: pushed together, the two replicas' consumers may store the second first, and
        // the feed (in apply order) would then rightly list it first.
        foreach (var file in Files.Take(2)) await system.PushAllAsync([Sample(file)]);
        var seen = await throughGateway.ReadAsync(2);
        throughGateway.Dispose();

        // Missed while disconnected: a release, the replica that builds killed, one more applied by the other.
        var leader = await SystemChecks.DaemonLeaderAsync(system, TimeSpan.FromSeconds(60));
        var survivor = leader == first ? atSecond : atFirst;
        var cut = leader == first ? atFirst : atSecond;
        await system.PushAllAsync([Sample(Files[2])]);
        var beforeKill = await cut.ReadAsync(3);
        cut.Dispose();
        await system.KillAsync(leader);
        await system.PushAllAsync([Sample(Files[3])]);
        var restarted = await system.StartAgainAsync(leader);

        var resumed = await FeedReader.OpenAsync(otherGatewayClient, seen[^1].Id);
        seen.AddRange(await resumed.ReadAsync(2));
        resumed.Dispose();

        var expected = Files.Select(f => SpecRelease.Parse(Sample(f)).ReleaseId).ToList();
        Assert.Equal(expected, seen.Select(e => e.Data.GetProperty("releaseId").GetString()));
        Assert.Equal(seen.Select(e => e.Id).Order(), seen.Select(e => e.Id));
        Assert.Equal(seen.Count, seen.Select(e => e.Id).Distinct().Count());
        Assert.All(seen, e => Assert.Equal("release-applied", e.Event));

        // Straight at the replicas: the one that stayed up saw all four; the killed one, restarted,
        // resumes after the last event it sent, as does a client moving to the other replica.
        Assert.Equal(Ids(seen), Ids(await survivor.ReadAsync(4)));
        survivor.Dispose();
        using var restartedClient = system.DirectClient(restarted, timeout: Timeout.InfiniteTimeSpan);
        using (var again = await FeedReader.OpenAsync(restartedClient, beforeKill[^1].Id))
            Assert.Equal(Ids(seen), Ids([.. beforeKill, .. await again.ReadAsync(1)]));
        using (var moved = await FeedReader.OpenAsync(leader == first ? secondClient : firstClient, seen[1].Id))
            Assert.Equal(Ids(seen[2..]), Ids(await moved.ReadAsync(2)));
        // Nothing more follows, through either gateway: each event came once.
        foreach (var client in new[] { gatewayClient, otherGatewayClient })
            using (var quiet = await FeedReader.OpenAsync(client, seen[^1].Id))
                Assert.Empty(await quiet.ReadAsync(1, TimeSpan.FromSeconds(2)));

        // The digest and warnings travel with the event.
        var slip = seen[^1].Data;
        Assert.Equal(3, slip.GetProperty("warningCount").GetInt32());
        Assert.Equal("610100", slip.GetProperty("digest").GetProperty("biggestChanges")[0].GetProperty("cityCode").GetString());
        Assert.Equal(["610100"], slip.GetProperty("digest").GetProperty("enteredTopTen").EnumerateArray().Select(c => c.GetString()));
    }

    private static List<(long, string?)> Ids(IEnumerable<FeedReader.FeedEvent> events) =>
        [.. events.Select(e => (e.Id, e.Data.GetProperty("releaseId").GetString()))];
}
