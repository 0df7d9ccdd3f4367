using RabbitMQ.Client;

namespace TradeMesh.EndToEnd.Tests.Infrastructure;

/// <summary>A careful AMQP publisher: persistent, mandatory, and done only once the broker confirmed each message.</summary>
public static class ConfirmedAmqp
{
    /// <param name="declareQueue">A queue to declare first, as the services declare theirs (durable quorum queue), when it may not exist yet.</param>
    /// <exception cref="RabbitMQ.Client.Exceptions.PublishException">A message was nacked or returned (no queue took it).</exception>
    public static async Task PublishAsync(Uri amqp, string exchange, string routingKey, IEnumerable<string> bodies, string? declareQueue = null)
    {
        var factory = new ConnectionFactory { Uri = amqp, RequestedConnectionTimeout = TimeSpan.FromSeconds(5) };
        await using var connection = await factory.CreateConnectionAsync();
        // With confirmation tracking on, each publish returns once confirmed and throws on a nack or a return.
        await using var channel = await connection.CreateChannelAsync(new CreateChannelOptions(
            publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true));
        if (declareQueue is not null)
            await channel.QueueDeclareAsync(declareQueue, durable: true, exclusive: false, autoDelete: false,
                arguments: new Dictionary<string, object?> { ["x-queue-type"] = "quorum" });
        foreach (var body in bodies)
            await channel.BasicPublishAsync(exchange, routingKey, mandatory: true,
                new BasicProperties { Persistent = true, ContentType = "application/json" }, Encoding.UTF8.GetBytes(body));
    }
}
