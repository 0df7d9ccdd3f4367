using System.Text.Json;
using Marten;
using TradeMesh.Contracts;
using Weasel.Postgresql.Tables;

namespace TradeMesh.Projections.Feed;

/// <summary>
/// The outbox of TradeReleaseApplied: one row per release, written by the daemon in the same
/// transaction as the read models that make the release applied. The release id is unique, so a
/// replay, a second replica taking over or a restarted daemon writes nothing new; <c>seq</c> is
/// the feed's event id (one sequence for every replica); <c>announced_at</c> is set once the
/// broker confirmed the message. A rebuild writes the read models only, never this table.
/// </summary>
public static class ReleaseFeedTable
{
    public const string Name = "trademesh.release_feed";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static void AddReleaseFeedTable(this StoreOptions opts)
    {
        var table = new Table(Name);
        table.AddColumn("seq", "bigserial").AsPrimaryKey();
        table.AddColumn("release_id", "text").NotNull();
        table.AddColumn("payload", "jsonb").NotNull();
        table.AddColumn("announced_at", "timestamptz");
        table.Indexes.Add(new IndexDefinition("ux_release_feed_release_id") { Columns = ["release_id"], IsUnique = true });
        opts.Storage.ExtendedSchemaObjects.Add(table);
    }

    public static void QueueInsert(IDocumentOperations operations, TradeReleaseApplied applied) =>
        operations.QueueSqlCommand($"insert into {Name} (release_id, payload) values (?, ?::jsonb) on conflict (release_id) do nothing",
            applied.ReleaseId, JsonSerializer.Serialize(applied, Json));

    /// <summary>A stored row as the event it announces, its feed id the row's sequence number.</summary>
    public static TradeReleaseApplied Read(long seq, string payload) =>
        JsonSerializer.Deserialize<TradeReleaseApplied>(payload, Json)! with { FeedId = seq };

    public static string Serialize(TradeReleaseApplied applied) => JsonSerializer.Serialize(applied, Json);
}
