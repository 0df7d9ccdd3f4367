using RabbitMQ.Client;
using RabbitMQ.Client.Events;
using TradeMesh.Contracts;

namespace TradeMesh.Benchmarks.Suite;

public sealed record RabbitResult(int Messages, long Events, long Bytes, double PublishSeconds, double TotalSeconds)
{
    public double MessageRate => Messages / TotalSeconds;
    public double EventRate => Events / TotalSeconds;
    public double PublishRate => Messages / PublishSeconds;
}

/// <summary>
/// The broker's own ceiling for what the pipeline sends it: the pipeline's chunk messages (the same
/// MassTransit envelopes of up to 1,000 events the projection service consumes, so the same sizes),
/// persistent, published with confirms in the same window as ingestion and the event feed (16), into
/// a quorum queue like trademesh.projections, drained by one consumer with the projection endpoint's
/// prefetch (200) that acks each message after doing nothing with it. A throwaway queue, deleted afterwards.
/// </summary>
public static class RabbitBaseline
{
    public const int Window = 16;
    public const ushort Prefetch = 200;

    /// <summary>The chunk envelopes of one 5,000-city release, as the event feed publishes them.</summary>
    public static List<(byte[] Body, int Events)> ChunkMessages(int cities) =>
        [.. CityTradeReportedChunk.Of("bench-rabbit-baseline", BenchEvents.Release("bench-rabbit-baseline", "2999-02", cities, 7, DateTimeOffset.UtcNow))
            .Select(c => (EventFeed.Envelope(c), c.Events.Count))];

    /// <summary>Publishes <paramref name="count"/> messages, cycling through <paramref name="messages"/>; returns when all are consumed.</summary>
    public static async Task<RabbitResult> RunAsync(Uri amqp, IReadOnlyList<(byte[] Body, int Events)> messages, int count)
    {
        var factory = new ConnectionFactory { Uri = amqp, ClientProvidedName = "bench-baseline" };
        // Publisher and consumer on their own connections, as they would be in two processes.
        await using var publishing = await factory.CreateConnectionAsync();
        await using var consuming = await factory.CreateConnectionAsync();
        var queue = $"bench.baseline.{Guid.NewGuid():N}";
        await using var admin = await publishing.CreateChannelAsync();
        await admin.QueueDeclareAsync(queue, durable: true, exclusive: false, autoDelete: false,
            arguments: new Dictionary<string, object?> { ["x-queue-type"] = "quorum" });
        try
        {
            await using var consumer = await consuming.CreateChannelAsync();
            await consumer.BasicQosAsync(0, Prefetch, false);
            var received = 0;
            var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var handler = new AsyncEventingBasicConsumer(consumer);
            handler.ReceivedAsync += async (_, delivery) =>
            {
                // One ack per message, as MassTransit acknowledges each message after its consumer.
                await consumer.BasicAckAsync(delivery.DeliveryTag, multiple: false);
                if (Interlocked.Increment(ref received) == count) done.TrySetResult();
            };
            await consumer.BasicConsumeAsync(queue, autoAck: false, handler);

            await using var publisher = await publishing.CreateChannelAsync(
                new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true));
            var properties = new BasicProperties { DeliveryMode = DeliveryModes.Persistent, ContentType = "application/vnd.masstransit+json" };

            long events = 0, bytes = 0;
            var watch = Stopwatch.StartNew();
            // With confirmation tracking each publish task completes on the broker's ack.
            var inFlight = new Queue<Task>(Window);
            for (var i = 0; i < count; i++)
            {
                var (body, n) = messages[i % messages.Count];
                events += n;
                bytes += body.Length;
                inFlight.Enqueue(publisher.BasicPublishAsync("", queue, false, properties, body).AsTask());
                if (inFlight.Count >= Window) await inFlight.Dequeue();
            }
            while (inFlight.Count > 0) await inFlight.Dequeue();
            var published = watch.Elapsed.TotalSeconds;
            await done.Task.WaitAsync(TimeSpan.FromMinutes(10));
            return new RabbitResult(count, events, bytes, published, watch.Elapsed.TotalSeconds);
        }
        finally
        {
            await admin.QueueDeleteAsync(queue);
        }
    }
}
