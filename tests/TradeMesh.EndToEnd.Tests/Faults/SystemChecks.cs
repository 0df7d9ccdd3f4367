using System.Text.RegularExpressions;
using Npgsql;

namespace TradeMesh.EndToEnd.Tests.Faults;

/// <summary>What the fault suite checks after each fault, against the running system and its stores.</summary>
public static partial class SystemChecks
{
    /// <summary>Every accepted release is applied with all its cities, and the event store holds each city figure once.</summary>
    public static async Task AssertAppliedExactlyOnceAsync(TradeMeshSystem system, IReadOnlyDictionary<string, int> accepted)
    {
        foreach (var (id, cities) in accepted)
        {
            try { await system.WaitAppliedAsync(id, TimeSpan.FromMinutes(3)); }
            catch (TimeoutException e) { throw new TimeoutException($"{e.Message}\n--- where it is\n{await WhereIsAsync(system, id)}", e); }
            var status = await system.Gateway.GetJsonAsync($"/api/releases/{id}");
            Assert.Equal((cities, cities), (status.GetProperty("cities").GetInt32(), status.GetProperty("applied").GetInt32()));
        }
        // Unpooled: a pooled connection from before a PostgreSQL restart would be dead.
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(system.PostgresConnection) { Pooling = false }.ConnectionString);
        await connection.OpenAsync();
        // mt_tombstone: Marten's filler for the sequence numbers of an append that failed (a duplicate
        // refused by the unique index, a connection cut mid-commit); not a figure.
        await using var command = new NpgsqlCommand(
            "select stream_id, count(*), count(distinct id) from trademesh.mt_events where stream_id <> 'mt_tombstone' group by stream_id", connection);
        await using var reader = await command.ExecuteReaderAsync();
        var stored = new Dictionary<string, (long Events, long Distinct)>();
        while (await reader.ReadAsync()) stored[reader.GetString(0)] = (reader.GetInt64(1), reader.GetInt64(2));
        // Exactly the accepted releases are stored (nothing from poison), each city once.
        Assert.Equal(accepted.Keys.Order(), stored.Keys.Order());
        foreach (var (id, cities) in accepted) Assert.Equal((cities, cities), stored[id]);
    }

    /// <summary>
    /// Where a release that does not get applied is stuck: its events in the store (and their
    /// sequence numbers), how far the daemon and its high-water mark got, and the queues' depths.
    /// </summary>
    private static async Task<string> WhereIsAsync(TradeMeshSystem system, string id)
    {
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(system.PostgresConnection) { Pooling = false }.ConnectionString);
        await connection.OpenAsync();
        async Task<string> RowsAsync(string sql)
        {
            await using var command = new NpgsqlCommand(sql, connection);
            command.Parameters.AddWithValue("id", id);
            await using var reader = await command.ExecuteReaderAsync();
            var rows = new List<string>();
            while (await reader.ReadAsync())
                rows.Add(string.Join(" ", Enumerable.Range(0, reader.FieldCount).Select(i => $"{reader.GetName(i)}={reader.GetValue(i)}")));
            return string.Join("; ", rows);
        }
        var queues = string.Join("; ", await Task.WhenAll(new[] { "trademesh.projections", "trademesh.releases" }
            .Select(async q => $"{q} {await InFlight.QueueAsync(system, q)}")));
        return $"stored: {await RowsAsync("select count(*) as events, min(seq_id) as first, max(seq_id) as last from trademesh.mt_events where stream_id = @id")}\n" +
               $"store: {await RowsAsync("select max(seq_id) as highest, (select last_value from trademesh.mt_events_sequence) as reserved from trademesh.mt_events")}\n" +
               $"progress: {await RowsAsync("select name, last_seq_id from trademesh.mt_event_progression order by name")}\n" +
               $"queues (ready, unacked): {queues}\n" +
               string.Join("\n", await Task.WhenAll(system.ProjectionReplicas.Select(r => DaemonOfAsync(system, r))));
    }

    /// <summary>A replica's own account of its daemon, and the end of its log.</summary>
    private static async Task<string> DaemonOfAsync(TradeMeshSystem system, ServiceProcess replica)
    {
        using var client = system.DirectClient(null, timeout: TimeSpan.FromSeconds(5));
        string status;
        try { status = await client.GetStringAsync(new Uri(replica.Address, "internal/daemon")); }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException) { status = e.Message; }
        return $"--- {replica.Name}: {status}\n{replica.LogTail(15)}";
    }

    /// <summary>
    /// Every ranking and movers answer (and the periods list) before and after a rebuild from the
    /// event store, sent to the replica running the daemon while the standbys keep running: the
    /// live read models must equal a fresh rebuild, and no standby may interfere with it.
    /// </summary>
    public static async Task AssertEqualToRebuildAsync(TradeMeshSystem system)
    {
        var daemonLeader = await DaemonLeaderAsync(system, TimeSpan.FromSeconds(30));
        Assert.All(system.ProjectionReplicas, r => Assert.False(r.HasExited, $"{r.Name} is down before the rebuild"));

        using var direct = system.DirectClient(daemonLeader, admin: true, timeout: TimeSpan.FromMinutes(5));
        var live = await SnapshotAsync(direct);
        using (var rebuild = await direct.PostAsync("admin/rebuild?wait=300", null))
            Assert.True(rebuild.StatusCode == System.Net.HttpStatusCode.OK, await rebuild.Content.ReadAsStringAsync());
        var rebuilt = await SnapshotAsync(direct);
        Assert.Equal(live.Keys, rebuilt.Keys);
        foreach (var (path, body) in live) Assert.True(body == rebuilt[path], $"{path} differs after a rebuild");
    }

    private static async Task<Dictionary<string, string>> SnapshotAsync(HttpClient client)
    {
        var answers = new Dictionary<string, string> { ["api/periods"] = await client.GetStringAsync("api/periods") };
        foreach (var period in JsonDocument.Parse(answers["api/periods"]).RootElement.EnumerateArray().Select(p => p.GetProperty("period").GetString()))
        {
            foreach (var path in new[] { $"api/rankings/{period}?top=5000", $"api/movers/{period}" })
            {
                using var response = await client.GetAsync(path);
                answers[path] = $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}";
            }
        }
        return answers;
    }

    /// <summary>The bodies waiting in a queue of the system's virtual host (left in place); none when it was never declared.</summary>
    public static async Task<List<string>> PeekQueueAsync(TradeMeshSystem system, string queue)
    {
        using var management = TradeMeshSystem.ManagementClient(system.Dependencies);
        using var response = await management.PostAsJsonAsync(
            $"api/queues/{Uri.EscapeDataString(system.VirtualHost)}/{Uri.EscapeDataString(queue)}/get",
            new { count = 1000, ackmode = "ack_requeue_true", encoding = "auto" });
        if (response.StatusCode == System.Net.HttpStatusCode.NotFound) return [];
        response.EnsureSuccessStatusCode();
        var messages = await response.Content.ReadFromJsonAsync<JsonElement>();
        return [.. messages.EnumerateArray().Select(m => m.GetProperty("payload").GetString()!)];
    }

    /// <summary>The queues are quorum queues (a confirmed message is on disk and survives a broker crash).</summary>
    public static async Task AssertQuorumQueuesAsync(TradeMeshSystem system, params string[] queues)
    {
        using var management = TradeMeshSystem.ManagementClient(system.Dependencies);
        foreach (var queue in queues)
        {
            var info = await management.GetFromJsonAsync<JsonElement>($"api/queues/{Uri.EscapeDataString(system.VirtualHost)}/{Uri.EscapeDataString(queue)}");
            Assert.True(info.GetProperty("type").GetString() == "quorum", $"{queue} is a {info.GetProperty("type")} queue");
        }
    }

    /// <summary>Which projection replica runs the daemon now (HotCold), waiting up to the timeout for one to take it.</summary>
    public static async Task<ServiceProcess> DaemonLeaderAsync(TradeMeshSystem system, TimeSpan timeout, ServiceProcess? not = null)
    {
        using var client = system.DirectClient(null, timeout: TimeSpan.FromSeconds(5));
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            foreach (var replica in system.ProjectionReplicas.Where(r => r != not && !r.HasExited))
            {
                try
                {
                    var status = await client.GetFromJsonAsync<JsonElement>(new Uri(replica.Address, "internal/daemon"));
                    if (status.GetProperty("builds").GetBoolean()) return replica;
                }
                catch (HttpRequestException) { /* starting or gone: ask the next one */ }
            }
            await Task.Delay(250);
        }
        throw new TimeoutException($"no projection replica took the daemon within {timeout}");
    }

    /// <summary>Events the projection replicas recognised as already stored, summed over their logs (kills included).</summary>
    public static long DuplicatesAbsorbed(TradeMeshSystem system) =>
        system.ProjectionReplicas.Select(r => r.LogPath).Distinct()
            .Sum(path => SkippedLine().Matches(ReadShared(path)).Sum(m => long.Parse(m.Groups[1].Value)));

    private static string ReadShared(string path)
    {
        using var reader = new StreamReader(new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite));
        return reader.ReadToEnd();
    }

    [GeneratedRegex(@"Skipped (\d+) events already stored")]
    private static partial Regex SkippedLine();
}
