using Marten;
using Npgsql;

namespace TradeMesh.Projections.Feed;

/// <summary>
/// This replica's view of the outbox for GET /api/feed: one poller reads new rows (by their
/// sequence, the same ids on every replica) and keeps the last 1,000 in memory, so any number of
/// connected clients costs one query per poll, not one each.
/// </summary>
public sealed class FeedHub(IDocumentStore store, ILogger<FeedHub> logger) : BackgroundService
{
    public const int Kept = 1_000;
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(100);

    private readonly Lock _lock = new();
    private List<(long Id, string Json)> _recent = [];
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Events with an id above <paramref name="after"/> (all kept ones when null), and a task that completes at the next change.</summary>
    public (IReadOnlyList<(long Id, string Json)> Events, Task Changed, long Latest) Since(long? after)
    {
        lock (_lock)
        {
            var latest = _recent.Count > 0 ? _recent[^1].Id : 0;
            var events = after is { } a ? _recent.Where(e => e.Id > a).ToList() : [];
            return (events, _changed.Task, latest);
        }
    }

    /// <summary>True once the first poll has loaded what the outbox holds.</summary>
    public bool Loaded { get; private set; }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        long last = 0;
        var first = true;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var rows = await ReadAsync(last, first, stoppingToken);
                first = false;
                if (rows.Count > 0)
                {
                    last = rows[^1].Id;
                    lock (_lock)
                    {
                        _recent = [.. _recent.Concat(rows).TakeLast(Kept)];
                        var changed = _changed;
                        _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);
                        changed.SetResult();
                    }
                }
                Loaded = true;
                await Task.Delay(Poll, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested) { return; }
            catch (Exception ex)
            {
                // The table may not exist yet (schema still being applied) or the database may be away.
                logger.LogDebug(ex, "Reading the release feed failed; retrying");
                await Task.Delay(TimeSpan.FromSeconds(1), stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
            }
        }
    }

    private async Task<List<(long Id, string Json)>> ReadAsync(long after, bool newestOnly, CancellationToken ct)
    {
        await using var connection = (NpgsqlConnection)store.Storage.Database.CreateConnection();
        await connection.OpenAsync(ct);
        var sql = newestOnly
            ? $"select seq, payload::text from (select seq, payload from {ReleaseFeedTable.Name} order by seq desc limit {Kept}) t order by seq"
            : $"select seq, payload::text from {ReleaseFeedTable.Name} where seq > @after order by seq limit {Kept}";
        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.AddWithValue("after", after);
        var rows = new List<(long, string)>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            var seq = reader.GetInt64(0);
            rows.Add((seq, ReleaseFeedTable.Serialize(ReleaseFeedTable.Read(seq, reader.GetString(1)))));
        }
        return rows;
    }
}
