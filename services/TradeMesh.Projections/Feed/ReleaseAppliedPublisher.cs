using Marten;
using Npgsql;
using RabbitMQ.Client;

namespace TradeMesh.Projections.Feed;

/// <summary>
/// Sends the outbox's unannounced rows to the fanout exchange <c>trademesh.release-applied</c> as
/// plain JSON (any AMQP client reads it), persistent, message id = release id. Each replica runs
/// one; a row is locked (FOR UPDATE SKIP LOCKED) from before its publish until it is marked
/// announced, so two replicas never send the same row. A crash between the broker's confirm and
/// the mark's commit sends that row again after restart: the message id lets a subscriber drop it.
/// </summary>
public sealed class ReleaseAppliedPublisher(IDocumentStore store, IConfiguration config, ILogger<ReleaseAppliedPublisher> logger) : BackgroundService
{
    public const string Exchange = "trademesh.release-applied";
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(200);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var amqp = new Uri(config.GetConnectionString("rabbitmq") ?? throw new InvalidOperationException("ConnectionStrings:rabbitmq is not set"));
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var connection = await new ConnectionFactory { Uri = amqp, ClientProvidedName = "projections-release-applied" }
                    .CreateConnectionAsync(stoppingToken);
                await using var channel = await connection.CreateChannelAsync(new CreateChannelOptions(
                    publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true), stoppingToken);
                await channel.ExchangeDeclareAsync(Exchange, ExchangeType.Fanout, durable: true, autoDelete: false, cancellationToken: stoppingToken);
                while (!stoppingToken.IsCancellationRequested)
                    if (await AnnounceAsync(channel, stoppingToken) == 0) await Task.Delay(Poll, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested) { return; }
            catch (Exception ex)
            {
                logger.LogWarning(ex, "Announcing applied releases failed; retrying");
                await Task.Delay(TimeSpan.FromSeconds(1), stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
            }
        }
    }

    private async Task<int> AnnounceAsync(IChannel channel, CancellationToken ct)
    {
        await using var connection = (NpgsqlConnection)store.Storage.Database.CreateConnection();
        await connection.OpenAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        var rows = new List<(long Seq, string ReleaseId, string Payload)>();
        await using (var select = new NpgsqlCommand(
            $"select seq, release_id, payload::text from {ReleaseFeedTable.Name} where announced_at is null order by seq limit 100 for update skip locked", connection, tx))
        await using (var reader = await select.ExecuteReaderAsync(ct))
            while (await reader.ReadAsync(ct)) rows.Add((reader.GetInt64(0), reader.GetString(1), reader.GetString(2)));
        if (rows.Count == 0) return 0;

        foreach (var (seq, releaseId, payload) in rows)
        {
            var body = System.Text.Encoding.UTF8.GetBytes(ReleaseFeedTable.Serialize(ReleaseFeedTable.Read(seq, payload)));
            await channel.BasicPublishAsync(Exchange, "", mandatory: false,
                new BasicProperties { Persistent = true, ContentType = "application/json", MessageId = releaseId, Type = "TradeReleaseApplied" }, body, ct);
        }
        await using (var mark = new NpgsqlCommand($"update {ReleaseFeedTable.Name} set announced_at = now() where seq = any(@seqs)", connection, tx))
        {
            mark.Parameters.AddWithValue("seqs", rows.Select(r => r.Seq).ToArray());
            await mark.ExecuteNonQueryAsync(ct);
        }
        await tx.CommitAsync(CancellationToken.None);
        return rows.Count;
    }
}
