using Npgsql;
using TradeMesh.EndToEnd.Tests.Faults;

namespace TradeMesh.EndToEnd.Tests.Releases;

/// <summary>
/// TradeReleaseApplied as a subscriber outside .NET sees it (Python with pika on a queue of its
/// own bound to the fanout exchange): two projection replicas under a stream of releases, the
/// replica that builds killed (kill -9) mid-stream and later started again, then a rebuild while
/// the rest of the stream is still arriving or queued. Every accepted release is announced, none twice.
/// </summary>
public sealed class AnnouncedOnceTests(ITestOutputHelper output)
{
    private const string Exchange = "trademesh.release-applied";
    private const int Cities = 100, Releases = 40;
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task Each_release_is_announced_once_across_a_kill_of_the_building_replica_and_a_rebuild()
    {
        await using var system = await TradeMeshSystem.StartAsync("announced_once", replicas: 2);
        await using var subscriber = await PikaSubscriber.StartAsync(system.Amqp, Exchange);
        var stream = new ReleaseStream(system);
        var pushing = PushAsync(stream);

        // Mid-stream: releases announced, more on their way, when the replica that builds dies.
        await UntilAsync(() => subscriber.Received.Count >= 3, subscriber);
        var leader = await SystemChecks.DaemonLeaderAsync(system, Wait);
        var atKill = (Announced: subscriber.Received.Count, Accepted: stream.Accepted.Count);
        Assert.True(atKill.Announced <= Releases - 3, $"{atKill.Announced} of {Releases} announced before the kill: not mid-stream");
        await system.KillAsync(leader);
        var takeover = await SystemChecks.DaemonLeaderAsync(system, Wait, not: leader);
        await UntilAsync(() => subscriber.Received.Count >= atKill.Announced + 3, subscriber);
        await system.StartAgainAsync(leader);
        output.WriteLine($"killed {leader.Name} with {atKill.Announced} announced of {atKill.Accepted} accepted; {takeover.Name} took over");

        // A rebuild replays every stored event into the read models.
        var builder = await SystemChecks.DaemonLeaderAsync(system, Wait);
        using (var admin = system.DirectClient(builder, admin: true, timeout: TimeSpan.FromMinutes(6)))
        using (var rebuild = await admin.PostAsync("admin/rebuild?wait=300", null))
            Assert.True(rebuild.StatusCode == HttpStatusCode.OK, await rebuild.Content.ReadAsStringAsync());
        await pushing;

        await SystemChecks.AssertAppliedExactlyOnceAsync(system, stream.Accepted);
        await UntilAsync(() => stream.Accepted.Keys.All(id => subscriber.Received.Any(m => ReleaseId(m) == id)), subscriber);
        // A second announcement (a takeover re-sending a row) would follow within the publishers' poll (200 ms).
        await Task.Delay(TimeSpan.FromSeconds(3));
        var received = subscriber.Received.ToList();
        output.WriteLine($"{stream.Accepted.Count} releases accepted, {received.Count} announcements received");

        Assert.Equal(stream.Accepted.Keys.Order(StringComparer.Ordinal), received.Select(ReleaseId).Order(StringComparer.Ordinal));
        Assert.All(received, m =>
        {
            Assert.Equal((ReleaseId(m), "TradeReleaseApplied"), (m.MessageId, m.Type));
            Assert.Equal(stream.Accepted[ReleaseId(m)], m.Body.GetProperty("cities").GetInt32());
        });
        Assert.Equal((long)received.Count, await UnannouncedOrAnnouncedRowsAsync(system, announced: true));
        Assert.Equal(0L, await UnannouncedOrAnnouncedRowsAsync(system, announced: false));
    }

    private static string ReleaseId(PikaSubscriber.Message m) => m.Body.GetProperty("releaseId").GetString()!;

    /// <summary>The outbox's rows marked announced (or not yet).</summary>
    private static async Task<long> UnannouncedOrAnnouncedRowsAsync(TradeMeshSystem system, bool announced)
    {
        await using var connection = new NpgsqlConnection(system.PostgresConnection);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            $"select count(*) from trademesh.release_feed where announced_at is {(announced ? "not " : "")}null", connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    private static async Task UntilAsync(Func<bool> condition, PikaSubscriber subscriber)
    {
        var deadline = DateTime.UtcNow + Wait;
        while (!condition())
        {
            Assert.False(subscriber.HasExited, $"the pika subscriber exited: {subscriber.Errors}");
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"not within {Wait}; {subscriber.Received.Count} announcements so far");
            await Task.Delay(100);
        }
    }

    /// <summary>The stream: a release over AMQP every 300 ms (each retried until the broker confirms it).</summary>
    private static async Task PushAsync(ReleaseStream stream)
    {
        for (var i = 0; i < Releases; i++)
        {
            var id = $"announced-{i}";
            await stream.PushAmqpAsync(id, TestReleases.Json(id, $"{2400 + i}",
                Enumerable.Range(0, Cities).Select(c => (TestCodes.City(c), 10m + c + i))), Cities);
            await Task.Delay(300);
        }
    }
}
