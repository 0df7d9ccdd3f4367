using RabbitMQ.Client;
using TradeMesh.Contracts;

namespace TradeMesh.Benchmarks.Suite;

/// <summary>
/// Calls the projection service directly: CityTradeReportedChunk messages (up to 1,000 events each,
/// as ingestion publishes them) in MassTransit's JSON envelope, published with confirms to the
/// exchange of its receive endpoint (trademesh.projections), which is what ingestion's publishes
/// reach through the message-type exchange. Nothing of ingestion or the
/// gateway is involved, so this is the projection service's own rate (consume, append, project).
/// </summary>
public sealed class EventFeed : IAsyncDisposable
{
    private const string Exchange = "trademesh.projections";
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly IConnection _connection;
    private readonly IChannel _channel;

    private EventFeed(IConnection connection, IChannel channel) => (_connection, _channel) = (connection, channel);

    public static async Task<EventFeed> ConnectAsync(Uri amqp)
    {
        var connection = await new ConnectionFactory { Uri = amqp, ClientProvidedName = "bench-event-feed" }.CreateConnectionAsync();
        var channel = await connection.CreateChannelAsync(new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true));
        return new EventFeed(connection, channel);
    }

    /// <summary>Publishes the events in chunks, with a window of unconfirmed publishes; returns when all are confirmed.</summary>
    public async Task PublishAsync(IEnumerable<CityTradeReported> events, int window = 16)
    {
        var inFlight = new Queue<Task>(window);
        foreach (var chunk in events.GroupBy(e => e.ReleaseId).SelectMany(r => CityTradeReportedChunk.Of(r.Key, [.. r])))
        {
            var properties = new BasicProperties
            {
                ContentType = "application/vnd.masstransit+json", DeliveryMode = DeliveryModes.Persistent, MessageId = chunk.MessageId.ToString(),
            };
            inFlight.Enqueue(_channel.BasicPublishAsync(Exchange, "", false, properties, Envelope(chunk)).AsTask());
            if (inFlight.Count >= window) await inFlight.Dequeue();
        }
        while (inFlight.Count > 0) await inFlight.Dequeue();
    }

    /// <summary>The envelope fields MassTransit's deserializer needs; the message id is the chunk's, as ingestion sets it.</summary>
    public static byte[] Envelope(CityTradeReportedChunk chunk) => JsonSerializer.SerializeToUtf8Bytes(new
    {
        messageId = chunk.MessageId,
        conversationId = chunk.MessageId,
        sourceAddress = "rabbitmq://127.0.0.1/bench",
        destinationAddress = $"rabbitmq://127.0.0.1/{Exchange}",
        messageType = new[] { "urn:message:TradeMesh.Contracts:CityTradeReportedChunk" },
        message = chunk,
        sentTime = DateTimeOffset.UtcNow,
        headers = new { },
    }, Json);

    public async ValueTask DisposeAsync()
    {
        await _channel.DisposeAsync();
        await _connection.DisposeAsync();
    }
}
