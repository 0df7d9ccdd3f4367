using Npgsql;

namespace TradeMesh.EndToEnd.Tests.Faults;

/// <summary>
/// The cause of the split-brain loop's one stall: PostgreSQL, crashed, hands out again the event
/// sequence numbers that appends dying with it had taken, and Marten's high-water mark may already
/// stand above them. So a release stored after the crash must get numbers above every number taken
/// before it, here 5,000 taken by a transaction that is open when PostgreSQL crashes.
/// </summary>
[Trait("Category", "Faults")]
public sealed class SequenceAfterCrashTests
{
    [Fact]
    public async Task A_release_stored_after_a_PostgreSQL_crash_gets_sequence_numbers_above_any_taken_before_it()
    {
        await using var dependencies = await DedicatedDependencies.StartAsync("seqcrash");
        await using var system = await TradeMeshSystem.StartAsync("seqcrash", dependencies: dependencies.Endpoints);
        var before = TestReleases.UniqueId("seqcrash");
        await system.PushAllAsync([TestReleases.Json(before, "2091", [("650100", 1m), ("650200", 2m)])]);

        await using var dying = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(system.PostgresConnection) { Pooling = false }.ConnectionString);
        await dying.OpenAsync();
        await using var transaction = await dying.BeginTransactionAsync();
        long taken;
        await using (var take = new NpgsqlCommand("select max(nextval('trademesh.mt_events_sequence')) from generate_series(1, 5000)", dying, transaction))
            taken = (long)(await take.ExecuteScalarAsync())!;

        await dependencies.CrashPostgresAsync();
        await dependencies.StartPostgresAsync();

        var after = TestReleases.UniqueId("seqcrash");
        await system.PushAllAsync([TestReleases.Json(after, "2091", [("650100", 3m), ("650200", 4m)])]);
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(system.PostgresConnection) { Pooling = false }.ConnectionString);
        await connection.OpenAsync();
        await using var first = new NpgsqlCommand("select min(seq_id) from trademesh.mt_events where stream_id = @id", connection);
        first.Parameters.AddWithValue("id", after);
        var firstAfter = (long)(await first.ExecuteScalarAsync())!;
        Assert.True(firstAfter > taken, $"the release stored after the crash starts at sequence {firstAfter}, at or below {taken} taken before it");
    }
}
