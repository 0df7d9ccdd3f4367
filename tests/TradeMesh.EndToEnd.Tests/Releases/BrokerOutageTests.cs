namespace TradeMesh.EndToEnd.Tests.Releases;

/// <summary>An ingestion that cannot reach its broker never answers 202.</summary>
[Collection(SystemCollection.Name)]
public sealed class BrokerOutageTests(SystemFixture fixture)
{
    private readonly TradeMeshSystem _system = fixture.System;

    [Fact]
    public async Task A_release_is_answered_503_while_the_broker_is_unreachable_and_accepted_when_sent_again()
    {
        // An ingestion replica whose broker address answers nothing (a closed port), sharing the real database.
        var (isolated, client) = await StartIngestionAsync("ingestion-no-broker", "amqp://trademesh:trademesh@127.0.0.1:1/", confirmSeconds: 2);
        await using var _ = isolated;
        using var __ = client;

        var id = TestReleases.UniqueId("outage");
        var body = TestReleases.Json(id, "2034", [("630100", 7)]);
        using var refused = await client.PostAsync("/api/releases", new StringContent(body, Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);

        // Health says so too.
        using var health = await client.GetAsync("/health");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, health.StatusCode);

        // The same release sent again through the healthy system is taken in and applied.
        using var accepted = await _system.PostReleaseAsync(body);
        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        await _system.WaitAppliedAsync(id);
        var status = await _system.Gateway.GetFromJsonAsync<StatusDto>($"/api/releases/{id}");
        Assert.Equal(("applied", 1), (status!.Status, status.Applied));
    }

    [Fact]
    public async Task A_release_is_answered_503_when_no_queue_would_take_its_events()
    {
        // A broker that is up, but on which no projection service ever declared its queue:
        // confirmed-but-unroutable messages would be lost, so they must not count as accepted.
        var vhost = $"tm_unbound_{Guid.NewGuid():N}"[..30];
        await TradeMeshSystem.CreateVirtualHostAsync(vhost);
        var (isolated, client) = await StartIngestionAsync("ingestion-unbound",
            new UriBuilder(TestEnvironment.RabbitMq) { Path = "/" + vhost }.Uri.ToString(), confirmSeconds: 5);
        await using var _ = isolated;
        using var __ = client;

        var body = TestReleases.Json(TestReleases.UniqueId("unbound"), "2035", [("640100", 7)]);
        using var refused = await client.PostAsync("/api/releases", new StringContent(body, Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
    }

    private sealed record StatusDto(string Status, int Applied);

    /// <summary>An extra ingestion replica on the shared database, with its own broker address.</summary>
    private async Task<(ServiceProcess, HttpClient)> StartIngestionAsync(string name, string amqp, int confirmSeconds)
    {
        var environment = _system.ServiceEnvironment("ingestion");
        environment["ConnectionStrings__rabbitmq"] = amqp;
        environment["Services__projections"] = _system.Projections.Address.ToString();
        environment["Publishing__ConfirmTimeoutSeconds"] = confirmSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var process = ServiceProcess.Start(name, "services/TradeMesh.Ingestion",
            Path.Combine(TestEnvironment.RepoRoot, "TestResults", "logs", _system.Name), environment);
        var client = _system.DirectClient(process);
        await WaitAliveAsync(client, process);
        return (process, client);
    }

    private static async Task WaitAliveAsync(HttpClient client, ServiceProcess process)
    {
        for (var i = 0; i < 240; i++)
        {
            if (process.HasExited) throw new InvalidOperationException(process.LogTail());
            try { if ((await client.GetAsync("/alive")).IsSuccessStatusCode) return; }
            catch (HttpRequestException) { }
            await Task.Delay(250);
        }
        throw new TimeoutException(process.LogTail());
    }
}
