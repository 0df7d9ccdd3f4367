using TradeMesh.EndToEnd.Tests.Faults;

namespace TradeMesh.EndToEnd.Tests.Messaging;

/// <summary>
/// The runbook's replay: a release parked in trademesh.releases_error (as one is after a fault
/// that outlasted the retries) is moved back with the shovel plugin, exactly as the README says,
/// and is then applied once, while a poison message moved with it goes back to the error queue.
/// </summary>
public sealed class ErrorQueueReplayTests
{
    [Fact]
    public async Task Moving_the_error_queue_back_with_a_shovel_applies_the_parked_release_once()
    {
        await using var system = await TradeMeshSystem.StartAsync("replay");
        var id = TestReleases.UniqueId("replay");
        var release = TestReleases.Json(id, "2096", [("650100", 10m), ("650200", 20m)]);
        const string poison = "still not a release";

        // Parked: straight into the error queue, as a fault would leave them (declared as MassTransit does).
        await ConfirmedAmqp.PublishAsync(system.Amqp, "", "trademesh.releases_error", [release, poison], declareQueue: "trademesh.releases_error");
        Assert.Equal(2, (await SystemChecks.PeekQueueAsync(system, "trademesh.releases_error")).Count);

        // The README's command: a dynamic shovel that moves what is there now, then deletes itself.
        using var management = TradeMeshSystem.ManagementClient(system.Dependencies);
        var vhost = Uri.EscapeDataString(system.VirtualHost);
        // "amqp://" is the local node's default virtual host ("/", as in the README); this system has its own.
        var local = $"amqp:///{vhost}";
        using (var shovel = await management.PutAsJsonAsync($"api/parameters/shovel/{vhost}/replay-releases", new
        {
            value = new Dictionary<string, object>
            {
                ["src-protocol"] = "amqp091", ["src-uri"] = local, ["src-queue"] = "trademesh.releases_error",
                ["src-delete-after"] = "queue-length",
                ["dest-protocol"] = "amqp091", ["dest-uri"] = local, ["dest-queue"] = "trademesh.releases",
            },
        }))
            Assert.True(shovel.IsSuccessStatusCode, await shovel.Content.ReadAsStringAsync());

        await system.WaitAppliedAsync(id);
        var status = await system.Gateway.GetJsonAsync($"/api/releases/{id}");
        Assert.Equal((2, 2), (status.GetProperty("cities").GetInt32(), status.GetProperty("applied").GetInt32()));
        // The poison fails again and is parked again; the release is not.
        var deadline = DateTime.UtcNow.AddSeconds(30);
        List<string> parked;
        while ((parked = await SystemChecks.PeekQueueAsync(system, "trademesh.releases_error")).Count != 1 && DateTime.UtcNow < deadline)
            await Task.Delay(250);
        Assert.Equal([poison], parked);
    }
}
