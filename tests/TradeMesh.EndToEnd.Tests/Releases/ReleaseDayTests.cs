using System.Collections.Concurrent;
using System.Net;
using System.Text;
using System.Text.Json;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;
using TradeMesh.EndToEnd.Tests.Faults;
using TradeMesh.EndToEnd.Tests.Infrastructure;
using TradeMesh.EndToEnd.Tests.Spec;

namespace TradeMesh.EndToEnd.Tests.Releases;

/// <summary>
/// TradeReleaseApplied once per release to a plain AMQP consumer (RabbitMQ.Client on a queue of
/// its own bound to the fanout exchange, no MassTransit), across a kill -9 of the projection
/// replica that builds and across a rebuild; and the SSE feed through the gateway, resumed with
/// Last-Event-ID, missing nothing. Two replicas of each service.
/// </summary>
public sealed class ReleaseDayTests
{
    private const string Exchange = "trademesh.release-applied";
    private static string Sample(string file) => File.ReadAllText(TestEnvironment.SampleData(file));

    [Fact]
    public async Task Each_release_is_announced_once_on_amqp_and_the_feed_across_a_kill_and_a_rebuild()
    {
        await using var system = await TradeMeshSystem.StartAsync("release_day", replicas: 2);
        var received = new ConcurrentQueue<JsonElement>();
        await using var consumer = await ConsumeAsync(system.Amqp, received);

        // The feed through the gateway: connected before any release.
        using var feedClient = new HttpClient { BaseAddress = system.GatewayAddress, Timeout = Timeout.InfiniteTimeSpan };
        var feed = await FeedReader.OpenAsync(feedClient, null);

        var first = new[] { "2024-annual-official.json", "2025-annual-preliminary.json" };
        await system.PushAllAsync(first.Select(Sample));
        var seen = await feed.ReadAsync(2);
        feed.Dispose();

        // Missed while disconnected: the leader killed mid-way, a release applied by the other replica.
        var leader = await SystemChecks.DaemonLeaderAsync(system, TimeSpan.FromSeconds(60));
        await system.PushAllAsync([Sample("2025-annual-revised-tianjin.json")]);
        await system.KillAsync(leader);
        await system.PushAllAsync([Sample("warning-examples/2025-xian-unit-slip.json")]);
        await system.StartAgainAsync(leader);

        var resumed = await FeedReader.OpenAsync(feedClient, seen[^1].Id);
        seen.AddRange(await resumed.ReadAsync(2));
        resumed.Dispose();

        var expected = new[] { "2024-annual-official.json", "2025-annual-preliminary.json", "2025-annual-revised-tianjin.json",
            "warning-examples/2025-xian-unit-slip.json" }.Select(f => SpecRelease.Parse(Sample(f)).ReleaseId).ToList();
        Assert.Equal(expected, seen.Select(e => e.Data.GetProperty("releaseId").GetString()));
        Assert.Equal(seen.Select(e => e.Id).Order(), seen.Select(e => e.Id));
        Assert.Equal(seen.Count, seen.Select(e => e.Id).Distinct().Count());
        Assert.All(seen, e => Assert.Equal("release-applied", e.Event));

        // A rebuild replays every event: nothing is announced again.
        var builder = await SystemChecks.DaemonLeaderAsync(system, TimeSpan.FromSeconds(60));
        using (var admin = system.DirectClient(builder, admin: true, timeout: TimeSpan.FromMinutes(5)))
        using (var rebuild = await admin.PostAsync("/admin/rebuild", null))
            Assert.True(rebuild.IsSuccessStatusCode, await rebuild.Content.ReadAsStringAsync());
        // One more release after the rebuild: its message marks the end of what the consumer will see.
        var last = """{"releaseId":"release-day-last","period":"2023","stage":"official","unit":"CNY_100M","publishedAt":"2024-01-20T08:00:00+08:00","cities":[{"cityCode":"440300","total":40000}]}""";
        await system.PushAllAsync([last]);
        expected.Add("release-day-last");
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (!received.Any(m => m.GetProperty("releaseId").GetString() == "release-day-last") && DateTime.UtcNow < deadline)
            await Task.Delay(100);

        var ids = received.Select(m => m.GetProperty("releaseId").GetString()).ToList();
        Assert.Equal(expected.Order(), ids.Order());
        // The digest and warnings travel with the event.
        var slip = received.Single(m => m.GetProperty("releaseId").GetString() == "example-2025-xian-unit-slip");
        Assert.Equal(3, slip.GetProperty("warningCount").GetInt32());
        Assert.Equal("610100", slip.GetProperty("digest").GetProperty("biggestChanges")[0].GetProperty("cityCode").GetString());
        Assert.Equal(["610100"], slip.GetProperty("digest").GetProperty("enteredTopTen").EnumerateArray().Select(c => c.GetString()));
    }

    /// <summary>A queue of the test's own, bound to the fanout exchange; every message body is kept.</summary>
    private static async Task<IAsyncDisposable> ConsumeAsync(Uri amqp, ConcurrentQueue<JsonElement> received)
    {
        var connection = await new ConnectionFactory { Uri = amqp }.CreateConnectionAsync();
        var channel = await connection.CreateChannelAsync();
        await channel.ExchangeDeclareAsync(Exchange, ExchangeType.Fanout, durable: true, autoDelete: false);
        var queue = (await channel.QueueDeclareAsync("", durable: false, exclusive: true, autoDelete: true)).QueueName;
        await channel.QueueBindAsync(queue, Exchange, "");
        var consumer = new AsyncEventingBasicConsumer(channel);
        consumer.ReceivedAsync += (_, delivery) =>
        {
            received.Enqueue(JsonDocument.Parse(Encoding.UTF8.GetString(delivery.Body.Span)).RootElement.Clone());
            return Task.CompletedTask;
        };
        await channel.BasicConsumeAsync(queue, autoAck: true, consumer);
        return new Closing(channel, connection);
    }

    private sealed class Closing(IChannel channel, IConnection connection) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync() { await channel.DisposeAsync(); await connection.DisposeAsync(); }
    }
}

/// <summary>A plain Server-Sent Events reader over HTTP: id, event and data of each event; comments skipped.</summary>
public sealed class FeedReader : IDisposable
{
    public sealed record FeedEvent(long Id, string Event, JsonElement Data);

    private readonly HttpResponseMessage _response;
    private readonly StreamReader _reader;

    private FeedReader(HttpResponseMessage response, StreamReader reader) => (_response, _reader) = (response, reader);

    public static async Task<FeedReader> OpenAsync(HttpClient client, long? lastEventId)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "/api/feed");
        if (lastEventId is { } id) request.Headers.Add("Last-Event-ID", id.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
        // The stream opens with a comment: once it is read, the server holds this client's position.
        Assert.StartsWith(":", await reader.ReadLineAsync());
        return new FeedReader(response, reader);
    }

    public async Task<List<FeedEvent>> ReadAsync(int count, TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(60));
        var events = new List<FeedEvent>();
        var (id, name, data) = (0L, "message", new StringBuilder());
        while (events.Count < count && await _reader.ReadLineAsync(cts.Token) is { } line)
        {
            if (line.Length == 0)
            {
                if (data.Length > 0) events.Add(new(id, name, JsonDocument.Parse(data.ToString()).RootElement.Clone()));
                (name, data) = ("message", new StringBuilder());
            }
            else if (line.StartsWith("id: ", StringComparison.Ordinal)) id = long.Parse(line[4..], System.Globalization.CultureInfo.InvariantCulture);
            else if (line.StartsWith("event: ", StringComparison.Ordinal)) name = line[7..];
            else if (line.StartsWith("data: ", StringComparison.Ordinal)) data.Append(line[6..]);
        }
        return events;
    }

    public void Dispose() { _reader.Dispose(); _response.Dispose(); }
}
