using Npgsql;

namespace TradeMesh.Benchmarks.Suite;

/// <summary>When each stage finished for a release, from the stores' own timestamps (same clock as ours).</summary>
public sealed record ReleaseTimes(string Id, DateTimeOffset? Accepted, DateTimeOffset? Stored, DateTimeOffset? Applied);

/// <summary>
/// Reads progress straight from PostgreSQL, so waiting for thousands of events costs one query
/// per poll instead of one HTTP request per release:
/// accepted = ingestion marked the intake published (the broker confirmed every event);
/// stored   = the last of the release's events was appended to trademesh.mt_events;
/// applied  = its ReleaseProgress counts every city. The projection writes that document in the
///            same transaction as the rankings, so applied is when GET /api/releases/{id} says
///            "applied" and the ranking shows the release.
/// </summary>
public sealed class StoreProbe(string connectionString) : IAsyncDisposable
{
    private readonly NpgsqlDataSource _db = NpgsqlDataSource.Create(connectionString);

    // Marten writes the documents' JSON with the property names as declared (PascalCase) unless
    // told to camelCase them; either is accepted so a serializer setting cannot stall the suite.
    private const string Applied = "coalesce(data->>'Applied', data->>'applied')::int";
    private const string Cities = "coalesce(data->>'Cities', data->>'cities')::int";
    private const string AppliedCondition = $"{Applied} >= {Cities} and {Cities} > 0";

    public async Task<int> AppliedCountAsync(string[] ids)
    {
        await using var command = _db.CreateCommand($"select count(*) from trademesh.mt_doc_releaseprogress where id = any($1) and {AppliedCondition}");
        command.Parameters.Add(new NpgsqlParameter { Value = ids });
        return Convert.ToInt32(await command.ExecuteScalarAsync());
    }

    public async Task<List<string>> AppliedIdsAsync(string[] ids)
    {
        await using var command = _db.CreateCommand($"select id from trademesh.mt_doc_releaseprogress where id = any($1) and {AppliedCondition}");
        command.Parameters.Add(new NpgsqlParameter { Value = ids });
        var applied = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync()) applied.Add(reader.GetString(0));
        return applied;
    }

    /// <summary>Polls every 25 ms until every release is applied; the time it saw that.</summary>
    public async Task WaitAppliedAsync(string[] ids, TimeSpan limit)
    {
        var deadline = DateTime.UtcNow + limit;
        while (await AppliedCountAsync(ids) < ids.Length)
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"{ids.Length - await AppliedCountAsync(ids)} of {ids.Length} releases not applied within {limit}");
            await Task.Delay(25);
        }
    }

    public async Task<Dictionary<string, ReleaseTimes>> TimesAsync(string[] ids)
    {
        await using var command = _db.CreateCommand("""
            select r.id,
                   (select i.mt_last_modified from ingestion.mt_doc_releaseintake i where i.id = r.id and coalesce(i.data->>'Published', i.data->>'published')::bool),
                   (select max(e.timestamp) from trademesh.mt_events e where e.stream_id = r.id),
                   (select p.mt_last_modified from trademesh.mt_doc_releaseprogress p where p.id = r.id)
            from unnest($1::text[]) as r(id)
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = ids });
        var times = new Dictionary<string, ReleaseTimes>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            times[reader.GetString(0)] = new ReleaseTimes(reader.GetString(0), Time(reader, 1), Time(reader, 2), Time(reader, 3));
        }
        return times;
    }

    public async Task<long> StoredEventsAsync() => await ScalarAsync("select count(*) from trademesh.mt_events");

    /// <summary>Stored events of realistic releases (<see cref="RealisticReleases"/>: ids bench-real-...).</summary>
    public async Task<long> RealisticEventsAsync() => await ScalarAsync("select count(*) from trademesh.mt_events where stream_id like 'bench-real-%'");

    /// <summary>True once the async daemon has applied every stored event.</summary>
    public async Task<bool> DaemonCaughtUpAsync() =>
        await ScalarAsync($"select coalesce(max(last_seq_id), 0) from trademesh.mt_event_progression where name like '{Names.Projection}%'")
        >= await ScalarAsync("select coalesce(max(seq_id), 0) from trademesh.mt_events");

    /// <summary>Seconds to read every event's JSON in sequence order, as the rebuild's first phase must.</summary>
    public async Task<double> ReadAllEventsAsync()
    {
        var watch = System.Diagnostics.Stopwatch.StartNew();
        await using var command = _db.CreateCommand("select seq_id, data::text from trademesh.mt_events order by seq_id");
        await using var reader = await command.ExecuteReaderAsync();
        long bytes = 0;
        while (await reader.ReadAsync()) bytes += reader.GetString(1).Length;
        return bytes > 0 ? watch.Elapsed.TotalSeconds : 0;
    }

    /// <summary>True while some session of the database runs a COPY (Marten's bulk insert of documents).</summary>
    public async Task<string> PostgresVersionAsync()
    {
        await using var command = _db.CreateCommand("show server_version");
        return (string)(await command.ExecuteScalarAsync())!;
    }

    private async Task<long> ScalarAsync(string sql)
    {
        await using var command = _db.CreateCommand(sql);
        return Convert.ToInt64(await command.ExecuteScalarAsync());
    }

    private static DateTimeOffset? Time(NpgsqlDataReader reader, int i) =>
        reader.IsDBNull(i) ? null : new DateTimeOffset(reader.GetDateTime(i).ToUniversalTime(), TimeSpan.Zero);

    public ValueTask DisposeAsync() => _db.DisposeAsync();
}

internal static class Names
{
    /// <summary>The projection's shard name in mt_event_progression (TradeProjection.Name).</summary>
    public const string Projection = "trade-read-models";
}
