using MassTransit;
using TradeMesh.Contracts;

namespace TradeMesh.EndToEnd.Tests.Releases;

/// <summary>
/// POST /api/releases through the gateway, against the real broker and database. An invalid release
/// refused with its reasons is tested in process (TradeMesh.Contract.Tests, Releases).
/// </summary>
[Collection(SystemCollection.Name)]
public sealed class SubmittingReleaseTests(SystemFixture fixture)
{
    private readonly TradeMeshSystem _system = fixture.System;

    private async Task<JsonElement> JsonAsync(string path)
    {
        using var response = await _system.Gateway.GetAsync(path);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{path}: {(int)response.StatusCode} {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    [Fact]
    public async Task The_same_release_twice_counts_once_and_other_content_under_its_id_is_a_conflict()
    {
        var id = TestReleases.UniqueId("twice");
        var cities = Enumerable.Range(0, 30).Select(i => ($"{6101 + i}00", 100m + i)).ToList();
        var body = TestReleases.Json(id, "2032", cities);

        using var first = await _system.PostReleaseAsync(body);
        using var second = await _system.PostReleaseAsync(body);
        Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, second.StatusCode);
        var answer = JsonDocument.Parse(await second.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(id, answer.GetProperty("releaseId").GetString());
        Assert.Equal(30, answer.GetProperty("cities").GetInt32());
        Assert.Equal($"/api/releases/{id}", answer.GetProperty("statusUrl").GetString());

        await _system.WaitAppliedAsync(id);
        var status = await JsonAsync($"/api/releases/{id}");
        Assert.Equal(30, status.GetProperty("applied").GetInt32());
        Assert.Equal(30, (await JsonAsync("/api/rankings/2032?top=100")).GetProperty("entries").GetArrayLength());
        var period = (await JsonAsync("/api/periods")).EnumerateArray().Single(p => p.GetProperty("period").GetString() == "2032");
        Assert.Equal((30, 1), (period.GetProperty("cities").GetInt32(), period.GetProperty("releases").GetInt32()));

        using var conflict = await _system.PostReleaseAsync(body.Replace("\"total\":100", "\"total\":999"));
        Assert.Equal(HttpStatusCode.Conflict, conflict.StatusCode);
        Assert.Equal("application/problem+json", conflict.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Redelivered_events_are_stored_once()
    {
        var id = TestReleases.UniqueId("redelivered");
        var body = TestReleases.Json(id, "2033", [("620100", 10), ("620200", 20)]);
        using var response = await _system.PostReleaseAsync(body);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        await _system.WaitAppliedAsync(id);

        // Publish the very same events again, as a broker redelivery or a second replica would.
        var events = new[] { ("620100", 10m), ("620200", 20m) }.Select(c => new CityTradeReported(
            EventIds.ForCityFigure(id, c.Item1, "2033"), id, "2033", ReleaseStage.Official,
            DateTimeOffset.Parse("2026-01-20T08:00:00+08:00"), c.Item1, "City " + c.Item1, "P" + c.Item1[..2], c.Item2,
            null, null, null, null, 2, "test")).ToList();
        await using (var bus = await StartBusAsync())
        {
            // Mandatory: a duplicate that no queue took would fail here instead of passing the test vacuously.
            // The chunk, as ingestion publishes it, twice.
            foreach (var chunk in CityTradeReportedChunk.Of(id, events).Concat(CityTradeReportedChunk.Of(id, events)))
                await bus.Bus.Publish(chunk, ctx =>
                {
                    ctx.MessageId = chunk.MessageId;
                    if (ctx.TryGetPayload<RabbitMqSendContext>(out var rabbit)) rabbit.Mandatory = true;
                });
        }

        // A later release proves the consumer has gone past the duplicates before we look.
        var marker = TestReleases.UniqueId("marker");
        using (var m = await _system.PostReleaseAsync(TestReleases.Json(marker, "2033", [("620300", 5)], publishedAt: "2026-02-01T00:00:00Z")))
            Assert.Equal(HttpStatusCode.Accepted, m.StatusCode);
        await _system.WaitAppliedAsync(marker);

        Assert.Equal(2, (await JsonAsync($"/api/releases/{id}")).GetProperty("applied").GetInt32());
        var history = await JsonAsync("/api/cities/620100/history");
        var period = history.GetProperty("periods").EnumerateArray().Single(p => p.GetProperty("period").GetString() == "2033");
        Assert.Empty(period.GetProperty("superseded").EnumerateArray());
        Assert.Equal(3, (await JsonAsync("/api/rankings/2033")).GetProperty("entries").GetArrayLength());
    }

    /// <summary>A bare MassTransit bus on the system's virtual host, publishing like ingestion does.</summary>
    private async Task<BusHandle> StartBusAsync()
    {
        var bus = Bus.Factory.CreateUsingRabbitMq(cfg => cfg.Host(_system.Amqp));
        await bus.StartAsync(TimeSpan.FromSeconds(30));
        return new BusHandle(bus);
    }

    private sealed record BusHandle(IBusControl Bus) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync() => await Bus.StopAsync();
    }
}
