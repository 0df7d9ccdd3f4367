using Npgsql;
using NpgsqlTypes;

namespace TradeMesh.Benchmarks.Suite;

/// <summary>
/// PostgreSQL's own ceiling for event rows: batched INSERT and binary COPY into a scratch table
/// made LIKE trademesh.mt_events (same columns, primary key and unique indexes, so the same
/// index work per row), with event JSON of the size the store holds. The scratch schema is
/// dropped afterwards.
/// </summary>
public static class PostgresBaseline
{
    private const string Schema = "bench_scratch";
    private const string Columns = "seq_id, id, stream_id, version, data, type, mt_dotnet_type, headers";
    private const string DotnetType = "TradeMesh.Contracts.CityTradeReported, TradeMesh.Contracts";
    private const string Headers = """{"traceparent": "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"}""";

    /// <summary>Rows per second of one binary COPY of <paramref name="rows"/> rows.</summary>
    public static async Task<double> CopyAsync(string connectionString, long rows)
    {
        await using var connection = await OpenScratchAsync(connectionString, "copy_events");
        var data = SampleData();
        var watch = Stopwatch.StartNew();
        await using (var writer = await connection.BeginBinaryImportAsync($"copy {Schema}.copy_events ({Columns}) from stdin (format binary)"))
        {
            for (long i = 0; i < rows; i++)
            {
                await writer.StartRowAsync();
                await writer.WriteAsync(i + 1, NpgsqlDbType.Bigint);
                await writer.WriteAsync(Guid.NewGuid(), NpgsqlDbType.Uuid);
                await writer.WriteAsync($"bench-copy-{i / data.Length}", NpgsqlDbType.Varchar);
                await writer.WriteAsync(i % data.Length + 1, NpgsqlDbType.Bigint);
                await writer.WriteAsync(data[i % data.Length], NpgsqlDbType.Jsonb);
                await writer.WriteAsync("city_trade_reported", NpgsqlDbType.Varchar);
                await writer.WriteAsync(DotnetType, NpgsqlDbType.Varchar);
                await writer.WriteAsync(Headers, NpgsqlDbType.Jsonb);
            }
            await writer.CompleteAsync();
        }
        var seconds = watch.Elapsed.TotalSeconds;
        await DropAsync(connection);
        return rows / seconds;
    }

    /// <summary>
    /// Rows per second of binary COPY of the event store's own rows: the last <paramref name="rows"/>
    /// rows of trademesh.mt_events (what a section just stored: the same JSON, headers and stream
    /// ids), read out first, then copied into a table like mt_events over <paramref name="connections"/>
    /// connections at once, each its share of the rows. Only the COPY into the table is timed.
    /// </summary>
    public static async Task<double> CopyStoredRowsAsync(string connectionString, long rows, int connections)
    {
        await using (await OpenScratchAsync(connectionString, "stored_events")) { }
        var parts = new List<byte[]>();
        await using (var reader = new NpgsqlConnection(connectionString))
        {
            await reader.OpenAsync();
            // The first of the last rows by number (the sequence can have gaps, so not max - rows).
            await using var first = new NpgsqlCommand($"select seq_id from trademesh.mt_events order by seq_id desc offset {rows - 1} limit 1", reader);
            var from = Convert.ToInt64(await first.ExecuteScalarAsync());
            for (var k = 0; k < connections; k++)
            {
                // Every column, in mt_events's order: the scratch table is made LIKE it.
                parts.Add(await CopyOutAsync(reader, $"select * from trademesh.mt_events where seq_id >= {from} and seq_id % {connections} = {k}"));
            }
        }
        var writers = new List<NpgsqlConnection>();
        try
        {
            for (var k = 0; k < connections; k++)
            {
                writers.Add(new NpgsqlConnection(connectionString));
                await writers[k].OpenAsync();
            }
            var watch = Stopwatch.StartNew();
            await Task.WhenAll(writers.Select(async (connection, k) =>
            {
                await using var copy = await connection.BeginRawBinaryCopyAsync($"copy {Schema}.stored_events from stdin (format binary)");
                await copy.WriteAsync(parts[k]);
            }));
            var seconds = watch.Elapsed.TotalSeconds;
            await using var count = new NpgsqlCommand($"select count(*) from {Schema}.stored_events", writers[0]);
            var copied = Convert.ToInt64(await count.ExecuteScalarAsync());
            if (copied != rows) throw new InvalidOperationException($"copied {copied} rows of the {rows} asked for");
            await DropAsync(writers[0]);
            return rows / seconds;
        }
        finally
        {
            foreach (var connection in writers) await connection.DisposeAsync();
        }
    }

    /// <summary>
    /// Seconds PostgreSQL needs to take the rebuild's own output the fastest way it can: the rows
    /// of the given document tables (as the rebuild left them: the same bytes) read out first, then
    /// written group by group in parallel, one connection per group as the rebuild does: a new table
    /// per document type, binary COPY with FREEZE in the transaction that created it, and the
    /// table's indexes built after the rows. Only the writing is timed.
    /// </summary>
    public static async Task<(double Seconds, long Bytes)> CopyRebuildOutputAsync(string connectionString, IReadOnlyList<IReadOnlyList<string>> groups)
    {
        var rows = new Dictionary<string, byte[]>();
        var indexes = new Dictionary<string, List<string>>();
        await using (var reader = new NpgsqlConnection(connectionString))
        {
            await reader.OpenAsync();
            await using (var create = new NpgsqlCommand($"drop schema if exists {Schema} cascade; create schema {Schema}", reader)) await create.ExecuteNonQueryAsync();
            foreach (var table in groups.SelectMany(g => g))
            {
                rows[table] = await CopyOutAsync(reader, $"select * from trademesh.{table}");
                // The same indexes on the scratch table: its definitions with the schema and a name of their own.
                await using var defs = new NpgsqlCommand("select indexname, indexdef from pg_indexes where schemaname = 'trademesh' and tablename = $1", reader);
                defs.Parameters.Add(new NpgsqlParameter { Value = table });
                indexes[table] = [];
                await using var result = await defs.ExecuteReaderAsync();
                while (await result.ReadAsync())
                    indexes[table].Add(result.GetString(1).Replace($" {result.GetString(0)} ON trademesh.", $" bench_{result.GetString(0)} ON {Schema}.", StringComparison.Ordinal));
            }
        }
        var watch = Stopwatch.StartNew();
        await Task.WhenAll(groups.Select(async group =>
        {
            await using var connection = new NpgsqlConnection(connectionString);
            await connection.OpenAsync();
            foreach (var table in group)
            {
                await using var tx = await connection.BeginTransactionAsync();
                await using (var create = new NpgsqlCommand($"create table {Schema}.{table} (like trademesh.{table} including defaults)", connection, tx))
                    await create.ExecuteNonQueryAsync();
                await using (var copy = await connection.BeginRawBinaryCopyAsync($"copy {Schema}.{table} from stdin (format binary, freeze)"))
                    await copy.WriteAsync(rows[table]);
                foreach (var index in indexes[table])
                {
                    await using var build = new NpgsqlCommand(index, connection, tx);
                    await build.ExecuteNonQueryAsync();
                }
                await tx.CommitAsync();
            }
        }));
        var seconds = watch.Elapsed.TotalSeconds;
        await using (var cleanup = new NpgsqlConnection(connectionString))
        {
            await cleanup.OpenAsync();
            await DropAsync(cleanup);
        }
        return (seconds, rows.Values.Sum(r => (long)r.Length));
    }

    /// <summary>Rows per second of INSERTs sent 1,000 to a round trip (NpgsqlBatch), one transaction per batch.</summary>
    public static async Task<double> InsertAsync(string connectionString, int rows, int batchSize = 1_000)
    {
        await using var connection = await OpenScratchAsync(connectionString, "insert_events");
        var data = SampleData();
        var sql = $"insert into {Schema}.insert_events ({Columns}) values ($1, $2, $3, $4, $5, $6, $7, $8)";
        var watch = Stopwatch.StartNew();
        for (var start = 0; start < rows; start += batchSize)
        {
            await using var tx = await connection.BeginTransactionAsync();
            await using var batch = new NpgsqlBatch(connection, tx);
            for (var i = start; i < Math.Min(rows, start + batchSize); i++)
            {
                var command = new NpgsqlBatchCommand(sql);
                command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = i + 1 });
                command.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = Guid.NewGuid() });
                command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = $"bench-insert-{i / data.Length}", NpgsqlDbType = NpgsqlDbType.Varchar });
                command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = i % data.Length + 1 });
                command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = data[i % data.Length], NpgsqlDbType = NpgsqlDbType.Jsonb });
                command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = "city_trade_reported", NpgsqlDbType = NpgsqlDbType.Varchar });
                command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = DotnetType, NpgsqlDbType = NpgsqlDbType.Varchar });
                command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = Headers, NpgsqlDbType = NpgsqlDbType.Jsonb });
                batch.BatchCommands.Add(command);
            }
            await batch.ExecuteNonQueryAsync();
            await tx.CommitAsync();
        }
        var seconds = watch.Elapsed.TotalSeconds;
        await DropAsync(connection);
        return rows / seconds;
    }

    /// <summary>One release worth of distinct event JSON (about 400 bytes each), reused cyclically.</summary>
    private static string[] SampleData() =>
        [.. BenchEvents.Release("bench-baseline-release", "2999-01", 5_000, 1, DateTimeOffset.UtcNow).Select(e => JsonSerializer.Serialize(e))];

    /// <summary>The rows of a query in PostgreSQL's binary COPY format, to copy back in as they are.</summary>
    private static async Task<byte[]> CopyOutAsync(NpgsqlConnection connection, string query)
    {
        await using var copy = await connection.BeginRawBinaryCopyAsync($"copy ({query}) to stdout (format binary)");
        using var buffer = new MemoryStream();
        await copy.CopyToAsync(buffer);
        return buffer.ToArray();
    }

    private static async Task<NpgsqlConnection> OpenScratchAsync(string connectionString, string table)
    {
        var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        // LIKE copies columns, NOT NULLs, defaults and indexes; the seq_id default would draw from the
        // real event sequence, so it is dropped and the rows carry their own numbers.
        await using var create = new NpgsqlCommand($"""
            create schema if not exists {Schema};
            drop table if exists {Schema}.{table};
            create table {Schema}.{table} (like trademesh.mt_events including defaults including indexes including constraints);
            alter table {Schema}.{table} alter column seq_id drop default;
            """, connection);
        await create.ExecuteNonQueryAsync();
        return connection;
    }

    private static async Task DropAsync(NpgsqlConnection connection)
    {
        await using var drop = new NpgsqlCommand($"drop schema if exists {Schema} cascade", connection);
        await drop.ExecuteNonQueryAsync();
    }
}
