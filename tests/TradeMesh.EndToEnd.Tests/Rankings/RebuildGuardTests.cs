using Npgsql;

namespace TradeMesh.EndToEnd.Tests.Rankings;

/// <summary>
/// A rebuild writes new tables and swaps them in. If another replica's daemon applied events in
/// the meantime (its writes are in the old tables), the swap is refused: the old tables stay, the
/// new ones go, and the rebuild's status says why. The other daemon is played by moving the
/// applied position while a read lock holds the swap up.
/// </summary>
public sealed class RebuildGuardTests
{
    [Fact]
    public async Task A_rebuild_during_which_the_applied_position_moved_replaces_nothing()
    {
        await using var system = await TradeMeshSystem.StartAsync("rebuild-guard");
        var id = TestReleases.UniqueId("guard");
        await system.PushAllAsync([TestReleases.Json(id, "2096", [("650100", 5m), ("650200", 7m)])]);
        var before = await system.Gateway.GetStringAsync("/api/rankings/2096?top=10");

        await using var database = new NpgsqlConnection(system.PostgresConnection);
        await database.OpenAsync();
        await using var blocker = new NpgsqlConnection(system.PostgresConnection);
        await blocker.OpenAsync();
        var transaction = await blocker.BeginTransactionAsync();
        // A read lock lets the new tables fill (copying this one's layout reads it too) but holds up the swap.
        await ExecuteAsync(blocker, "lock table trademesh.mt_doc_periodsummary in access share mode", transaction);

        using var projections = system.DirectClient(system.Projections, admin: true);
        var rebuild = projections.PostAsync("admin/rebuild?wait=120", null);
        await WaitUntilAsync(async () => await ScalarAsync(database,
            "select count(*) from pg_locks where not granted and relation = 'trademesh.mt_doc_periodsummary'::regclass") > 0);

        await ExecuteAsync(database, "update trademesh.mt_event_progression set last_seq_id = last_seq_id + 1 where name = 'trade-read-models:All'");
        await transaction.RollbackAsync();

        using (var refused = await rebuild)
        {
            Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
            Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
            Assert.Contains("Another replica applied events during the rebuild", await refused.Content.ReadAsStringAsync());
        }
        var status = await projections.GetJsonAsync("admin/rebuild");
        Assert.Equal("failed", status.GetProperty("state").GetString());
        Assert.Contains("Another replica applied events during the rebuild", status.GetProperty("error").GetString());

        Assert.Equal(0, await ScalarAsync(database, "select count(*) from pg_tables where schemaname = 'trademesh' and tablename like '%\\_rebuild'"));
        Assert.Equal(before, await system.Gateway.GetStringAsync("/api/rankings/2096?top=10"));
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, NpgsqlTransaction? transaction = null)
    {
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<long> ScalarAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        return Convert.ToInt64(await command.ExecuteScalarAsync());
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException("condition not met within 60 s");
            await Task.Delay(100);
        }
    }
}
