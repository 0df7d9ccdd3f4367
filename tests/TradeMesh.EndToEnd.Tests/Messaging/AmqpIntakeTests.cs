namespace TradeMesh.EndToEnd.Tests.Messaging;

/// <summary>Releases published as raw JSON by AMQP clients that are not .NET, against the real broker.</summary>
[Collection(SystemCollection.Name)]
public sealed class AmqpIntakeTests(SystemFixture fixture)
{
    private readonly TradeMeshSystem _system = fixture.System;

    private async Task<JsonElement> WaitStatusAsync(string releaseId, string status)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        var last = "";
        while (DateTime.UtcNow < deadline)
        {
            using var response = await _system.Gateway.GetAsync($"/api/releases/{releaseId}");
            last = await response.Content.ReadAsStringAsync();
            if (response.IsSuccessStatusCode && JsonDocument.Parse(last).RootElement.GetProperty("status").GetString() == status)
                return JsonDocument.Parse(last).RootElement.Clone();
            await Task.Delay(100);
        }
        throw new TimeoutException($"{releaseId} not {status}: {last}\n{_system.Ingestion.LogTail(20)}");
    }

    [Fact]
    public async Task A_release_published_with_python_pika_reaches_the_ranking_through_the_gateway()
    {
        var id = TestReleases.UniqueId("pika");
        await ForeignPublishers.PublishWithPikaAsync(_system.Amqp, TestReleases.Json(id, "2090", [("650100", 321.5m), ("650200", 123)], unit: "CNY_BN"));

        await WaitStatusAsync(id, "applied");
        var ranking = await _system.Gateway.GetJsonAsync("/api/rankings/2090");
        Assert.Equal(("650100", 3215m), (ranking.GetProperty("entries")[0].GetProperty("cityCode").GetString(),
            ranking.GetProperty("entries")[0].GetProperty("value").GetDecimal()));
    }

    [Fact]
    public async Task An_invalid_release_over_amqp_ends_rejected_with_its_reasons()
    {
        var id = TestReleases.UniqueId("amqp-bad");
        await ForeignPublishers.PublishWithAmqpToolsAsync(_system.Amqp, TestReleases.Json(id, "2091", [("66010", -1)], stage: "draft"));

        var status = await WaitStatusAsync(id, "rejected");
        var reasons = status.GetProperty("reasons").EnumerateArray().Select(r => r.GetString()!).ToList();
        Assert.Contains(reasons, r => r.StartsWith("stage:"));
        Assert.Contains(reasons, r => r.StartsWith("cities[0].cityCode:"));
        Assert.Contains(reasons, r => r.StartsWith("cities[0].total:"));
        await _system.Gateway.GetStringAsync("/api/rankings/2091", HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_garbage_body_goes_to_the_error_queue_and_the_next_good_release_is_still_applied()
    {
        await ForeignPublishers.PublishWithAmqpToolsAsync(_system.Amqp, "this is not json {");
        await ForeignPublishers.PublishWithAmqpToolsAsync(_system.Amqp, """{"period": "2092", "cities": []}""");
        var id = TestReleases.UniqueId("after-garbage");
        await ForeignPublishers.PublishWithAmqpToolsAsync(_system.Amqp, TestReleases.Json(id, "2092", [("650300", 5)]));

        await WaitStatusAsync(id, "applied");
        Assert.True(await ErrorQueueDepthAsync() >= 2);
    }

    [Fact]
    public async Task The_same_release_over_http_and_amqp_counts_once()
    {
        var id = TestReleases.UniqueId("both-paths");
        var body = TestReleases.Json(id, "2093", [("650400", 40), ("650500", 50)]);
        using (var response = await _system.PostReleaseAsync(body)) Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        await ForeignPublishers.PublishWithPikaAsync(_system.Amqp, body);
        // A later message on the same queue proves the duplicate was consumed before we look.
        var marker = TestReleases.UniqueId("marker");
        await ForeignPublishers.PublishWithPikaAsync(_system.Amqp, TestReleases.Json(marker, "2093", [("650600", 1)], publishedAt: "2026-03-01T00:00:00Z"));
        await WaitStatusAsync(marker, "applied");

        var status = await WaitStatusAsync(id, "applied");
        Assert.Equal(2, status.GetProperty("applied").GetInt32());
        var period = (await _system.Gateway.GetJsonAsync("/api/periods")).EnumerateArray().Single(p => p.GetProperty("period").GetString() == "2093");
        Assert.Equal((3, 2), (period.GetProperty("cities").GetInt32(), period.GetProperty("releases").GetInt32()));
        var history = await _system.Gateway.GetJsonAsync("/api/cities/650400/history");
        Assert.Empty(history.GetProperty("periods")[0].GetProperty("superseded").EnumerateArray());
    }

    /// <summary>Messages waiting in trademesh.releases_error, read from the management API (it refreshes every few seconds).</summary>
    private async Task<int> ErrorQueueDepthAsync()
    {
        using var management = TradeMeshSystem.ManagementClient();
        var deadline = DateTime.UtcNow.AddSeconds(30);
        var depth = 0;
        while (DateTime.UtcNow < deadline)
        {
            using var response = await management.GetAsync($"api/queues/{Uri.EscapeDataString(_system.VirtualHost)}/trademesh.releases_error");
            if (response.IsSuccessStatusCode)
            {
                var queue = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
                depth = queue.TryGetProperty("messages", out var m) && m.ValueKind == JsonValueKind.Number ? m.GetInt32() : 0;
                if (depth >= 2) return depth;
            }
            await Task.Delay(500);
        }
        return depth;
    }
}
