using Npgsql;

namespace TradeMesh.EndToEnd.Tests.Faults;

/// <summary>
/// /health tells the truth about stalled projections: while a lock held on a read-model table
/// keeps the daemon from committing, events wait and the applied position stands still, so the
/// projection service turns unready; once the lock goes, the release is applied and it is ready again.
/// </summary>
public sealed class ProjectionStallTests
{
    [Fact]
    public async Task Health_is_unready_while_the_read_models_stall_and_ready_again_after()
    {
        await using var system = await TradeMeshSystem.StartAsync("stall", new Dictionary<string, string> { ["Projections__StallAfterSeconds"] = "3" });
        using var health = new HttpClient { BaseAddress = system.Projections.Address };

        await using var blocker = new NpgsqlConnection(system.PostgresConnection);
        await blocker.OpenAsync();
        var transaction = await blocker.BeginTransactionAsync();
        await using (var lockTable = new NpgsqlCommand("lock table trademesh.mt_doc_rankingview in access exclusive mode", blocker, transaction))
            await lockTable.ExecuteNonQueryAsync();

        var id = TestReleases.UniqueId("stall");
        using (var response = await system.PostReleaseAsync(TestReleases.Json(id, "2097", [("650100", 1m), ("650200", 2m)])))
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);

        var body = await WaitHealthAsync(health, HttpStatusCode.ServiceUnavailable, TimeSpan.FromSeconds(30));
        Assert.Contains("Unhealthy", body);

        await transaction.RollbackAsync();
        await system.WaitAppliedAsync(id);
        await WaitHealthAsync(health, HttpStatusCode.OK, TimeSpan.FromSeconds(30));
    }

    private static async Task<string> WaitHealthAsync(HttpClient client, HttpStatusCode expected, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        var last = "";
        while (DateTime.UtcNow < deadline)
        {
            using var response = await client.GetAsync("health");
            last = $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}";
            if (response.StatusCode == expected) return last;
            await Task.Delay(250);
        }
        throw new TimeoutException($"/health not {(int)expected} within {timeout}: {last}");
    }
}
