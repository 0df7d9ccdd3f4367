using MassTransit;

namespace TradeMesh.Ingestion.Releases.ReceivingMessages;

/// <summary>The queue publishers know, and how its messages are taken: raw JSON, retried through a database restart.</summary>
public sealed class ReleaseMessageConsumerDefinition : ConsumerDefinition<ReleaseMessageConsumer>
{
    public ReleaseMessageConsumerDefinition() => EndpointName = ReleaseMessageConsumer.Queue;

    protected override void ConfigureConsumer(IReceiveEndpointConfigurator endpoint, IConsumerConfigurator<ReleaseMessageConsumer> consumer,
        IRegistrationContext context)
    {
        // Releases from any AMQP client: raw JSON bodies, no MassTransit envelope. The exchange and
        // queue keep the name publishers know; no message-type exchanges are bound to it.
        endpoint.ConfigureConsumeTopology = false;
        // A quorum queue (Raft log, fsynced): a confirmed release survives a broker crash. Its _error
        // queue copies the queue arguments, so it is a quorum queue too.
        if (endpoint is IRabbitMqReceiveEndpointConfigurator rabbit) rabbit.SetQuorumQueue();
        endpoint.AddDeserializer(new BomTolerantJson(RawSerializerOptions.AnyMessageType), isDefault: true);
        endpoint.PrefetchCount = 4;
        // Broker or database briefly away: retry with backoff; a poison message goes straight to _error.
        endpoint.UseMessageRetry(r =>
        {
            // About ten minutes in all (capped at 30 s apart): a database restart fits in it.
            r.Exponential(25, TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(30), TimeSpan.FromMilliseconds(500));
            r.Ignore<PoisonReleaseException>();
        });
    }
}
