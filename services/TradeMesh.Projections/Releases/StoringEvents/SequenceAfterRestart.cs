using Marten;
using Npgsql;
using Weasel.Postgresql.Tables;

namespace TradeMesh.Projections.Releases.StoringEvents;

/// <summary>
/// After PostgreSQL restarts, the event sequence hands out only numbers above every one it handed
/// out before. PostgreSQL itself does not promise that: a crash loses the sequence's unflushed
/// advances, so numbers taken by appends that died with it are handed out again (a sequence at
/// 5,001 comes back at 3,697). Marten's high-water detector may have seen the higher value before
/// the crash and, once the gap below it holds no live transaction, move the mark up to it: events
/// appended afterwards under the reused numbers then sit below the mark and are never applied
/// (a release accepted, stored, and stuck at 0 applied). So the first connection to a PostgreSQL
/// with a start time not seen before moves the sequence <see cref="Margin"/> ahead, before any
/// append of this service can run on it: every connection after a restart is new, and each runs
/// this first. One connection does it (a transaction lock); the first start of a store only
/// records the start time.
/// </summary>
public static class SequenceAfterRestart
{
    private const string Table = "trademesh.postgres_start";

    /// <summary>The transaction lock that lets one connection move the sequence (DaemonLockGuard tells it from the daemon's).</summary>
    public const int LockId = 720310001;

    /// <summary>Far more numbers than appends hold in flight at any moment (a release of 5,000 cities is 5,000).</summary>
    public const long Margin = 1_000_000;

    private static readonly string Sql = $"""
        do $$
        begin
          -- Two statements: PL/pgSQL plans a statement whole, so a missing table must be ruled out first.
          if to_regclass('{Table}') is null or to_regclass('trademesh.mt_events_sequence') is null then return; end if;
          if exists (select 1 from {Table} where started_at = pg_postmaster_start_time()) then return; end if;
          perform pg_advisory_xact_lock({LockId});
          if exists (select 1 from {Table} where started_at = pg_postmaster_start_time()) then return; end if;
          if exists (select 1 from {Table}) then
            perform setval('trademesh.mt_events_sequence', (select last_value from trademesh.mt_events_sequence) + {Margin});
          end if;
          delete from {Table};
          insert into {Table} (started_at) values (pg_postmaster_start_time());
        end $$
        """;

    public static void AddSequenceAfterRestart(this StoreOptions opts)
    {
        var table = new Table(Table);
        table.AddColumn("started_at", "timestamptz").AsPrimaryKey();
        opts.Storage.ExtendedSchemaObjects.Add(table);
    }

    /// <summary>The store's connections, each checking the server's start time when it is opened.</summary>
    public static NpgsqlDataSource DataSource(string connectionString) =>
        BackingServices.PostgresDataSource(connectionString, builder => builder.UsePhysicalConnectionInitializer(Run, RunAsync));

    private static void Run(NpgsqlConnection connection)
    {
        using var command = new NpgsqlCommand(Sql, connection);
        command.ExecuteNonQuery();
    }

    private static async Task RunAsync(NpgsqlConnection connection)
    {
        await using var command = new NpgsqlCommand(Sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
