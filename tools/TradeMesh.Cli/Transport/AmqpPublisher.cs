using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;

namespace TradeMesh.Cli.Transport;

/// <summary>
/// Publishes a release as a plain AMQP message, as any publisher in any language would: the JSON
/// as the body, to the durable exchange the ingestion service consumes from. It returns only when
/// the broker confirmed that a queue took the message (publisher confirms + mandatory), so
/// "published" means it will be processed, not merely written to a socket.
/// </summary>
internal static class AmqpPublisher
{
    public const string Exchange = "trademesh.releases";

    public static async Task PublishAsync(Settings settings, string releaseId, byte[] json, TimeSpan timeout, CancellationToken ct)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        deadline.CancelAfter(timeout);
        var where = settings.AmqpDisplay; // never the URI itself: it holds the password

        var factory = new ConnectionFactory
        {
            Uri = settings.Amqp,
            ClientProvidedName = "trademesh-cli",
            RequestedConnectionTimeout = timeout,
            // One message, then exit: a reconnecting connection would only hide a failure.
            AutomaticRecoveryEnabled = false,
        };
        try
        {
            // A cluster: the first node that answers (a dead one is skipped), else the one of the URI.
            await using var connection = settings.AmqpNodes.Count > 0
                ? await factory.CreateConnectionAsync(settings.AmqpNodes.Select(n => new AmqpTcpEndpoint(n.Host, n.Port, factory.Ssl)).ToList(), deadline.Token)
                : await factory.CreateConnectionAsync(deadline.Token);
            // Tracking makes BasicPublishAsync wait for the broker's ack, and throw on a nack or return.
            await using var channel = await connection.CreateChannelAsync(
                new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true),
                deadline.Token);
            var properties = new BasicProperties
            {
                ContentType = "application/json",
                DeliveryMode = DeliveryModes.Persistent,
                // The release id as message id lets the consumer and an operator recognise a re-send.
                MessageId = releaseId,
                AppId = "trademesh-cli",
                Timestamp = new AmqpTimestamp(DateTimeOffset.UtcNow.ToUnixTimeSeconds()),
            };
            // Mandatory: an exchange without a bound queue would otherwise drop the release silently.
            await channel.BasicPublishAsync(Exchange, routingKey: "", mandatory: true, properties, json, deadline.Token);
            await channel.CloseAsync(CancellationToken.None);
            await connection.CloseAsync(CancellationToken.None);
        }
        catch (PublishReturnException ex)
        {
            throw Unavailable($"the broker at {where} returned the release: no queue is bound to the exchange {Exchange} ({ex.ReplyCode} {ex.ReplyText}); is the ingestion service running?");
        }
        catch (PublishException)
        {
            throw Unavailable($"the broker at {where} did not accept the release (nack); nothing was published, send it again");
        }
        catch (BrokerUnreachableException ex)
        {
            throw Unavailable($"cannot reach RabbitMQ at {where}: {Innermost(ex).Message}");
        }
        catch (OperationInterruptedException ex)
        {
            // The broker closed the channel: e.g. 404 no such exchange, 403 the user may not write to it.
            throw Unavailable($"RabbitMQ at {where} refused the publish: {ex.ShutdownReason?.ReplyCode} {ex.ShutdownReason?.ReplyText ?? ex.Message}");
        }
        catch (RabbitMQClientException ex)
        {
            throw Unavailable($"publishing to RabbitMQ at {where} failed: {ex.Message}");
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            throw Unavailable($"RabbitMQ at {where} did not confirm the release within {timeout.TotalSeconds:0.#} s; it may or may not have been taken: send it again (a re-send is recognised)");
        }
        catch (Exception ex) when (ex is System.Net.Sockets.SocketException or IOException)
        {
            throw Unavailable($"cannot reach RabbitMQ at {where}: {ex.Message}");
        }
    }

    private static CliException Unavailable(string message) => new(ExitCodes.Unavailable, message);

    private static Exception Innermost(Exception ex) => ex.InnerException is { } inner ? Innermost(inner) : ex;
}
