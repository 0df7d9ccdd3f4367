using System.Runtime.CompilerServices;
using JasperFx.Events;
using Marten;
using Npgsql;
using TradeMesh.Contracts;

namespace TradeMesh.Projections.Rebuilding;

/// <summary>
/// Reads the stored CityTradeReported events in sequence order, the order the daemon applied them
/// in: one streamed query on the primary key, deserialized by Marten's own serializer. Marten's
/// LINQ over raw events takes a query per page and builds a full IEvent for each; a rebuild only
/// needs the data.
/// </summary>
public static class StoredEvents
{
    public static async IAsyncEnumerable<List<CityTradeReported>> ReadAsync(IDocumentStore store, long upToSequence, int pageSize,
        [EnumeratorCancellation] CancellationToken ct)
    {
        var serializer = store.Options.Serializer();
        var type = typeof(CityTradeReported).GetEventTypeName(store.Options.Events.EventNamingStyle);
        await using var connection = store.Storage.Database.CreateConnection();
        await connection.OpenAsync(ct);
        await using var command = new NpgsqlCommand(
            $"select data from {store.Options.Events.DatabaseSchemaName}.mt_events where seq_id <= $1 and type = $2 order by seq_id", connection)
        {
            Parameters = { new() { Value = upToSequence }, new() { Value = type } },
            CommandTimeout = 0,
        };
        await using var reader = await command.ExecuteReaderAsync(ct);
        var page = new List<CityTradeReported>(pageSize);
        while (await reader.ReadAsync(ct))
        {
            page.Add(serializer.FromJson<CityTradeReported>(reader, 0));
            if (page.Count < pageSize) continue;
            yield return page;
            page = new List<CityTradeReported>(pageSize);
        }
        if (page.Count > 0) yield return page;
    }
}
