using RabbitMQ.Client;
using RabbitMQ.Client.Events;

namespace TradeMesh.Benchmarks.Suite;

public sealed record RabbitResult(int Messages, double PublishSeconds, double TotalSeconds)
{
    public double EndToEndRate => Messages / TotalSeconds;
    public double PublishRate => Messages / PublishSeconds;
}

/// <summary>
/// The broker's own ceiling on this machine: persistent event-sized messages published with
/// confirms (a bounded window of unconfirmed publishes, as a pipelined publisher would) into a
/// durable queue while one consumer with manual acks and a prefetch drains it. A throwaway queue,
/// deleted afterwards.
/// </summary>
public static class RabbitBaseline
{
    public static async Task<RabbitResult> RunAsync(Uri amqp, int count, int window, int bodySize = 400)
    {
        var factory = new ConnectionFactory { Uri = amqp, ClientProvidedName = "bench-baseline" };
        // Publisher and consumer on their own connections, as they would be in two processes.
        await using var publishing = await factory.CreateConnectionAsync();
        await using var consuming = await factory.CreateConnectionAsync();
        var queue = $"bench.baseline.{Guid.NewGuid():N}";
        await using var admin = await publishing.CreateChannelAsync();
        await admin.QueueDeclareAsync(queue, durable: true, exclusive: false, autoDelete: false);
        try
        {
            await using var consumer = await consuming.CreateChannelAsync();
            // The projection service's endpoint prefetches 2,000; the same here.
            await consumer.BasicQosAsync(0, 2_000, false);
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
            var body = new byte[bodySize];
            Array.Fill(body, (byte)'x');
            var properties = new BasicProperties { DeliveryMode = DeliveryModes.Persistent, ContentType = "application/json" };

            var watch = Stopwatch.StartNew();
            // With confirmation tracking each publish task completes on the broker's ack.
            var inFlight = new Queue<Task>(window);
            for (var i = 0; i < count; i++)
            {
                inFlight.Enqueue(publisher.BasicPublishAsync("", queue, false, properties, body).AsTask());
                if (inFlight.Count >= window) await inFlight.Dequeue();
            }
            while (inFlight.Count > 0) await inFlight.Dequeue();
            var published = watch.Elapsed.TotalSeconds;
            await done.Task.WaitAsync(TimeSpan.FromMinutes(10));
            return new RabbitResult(count, published, watch.Elapsed.TotalSeconds);
        }
        finally
        {
            await admin.QueueDeleteAsync(queue);
        }
    }
}
