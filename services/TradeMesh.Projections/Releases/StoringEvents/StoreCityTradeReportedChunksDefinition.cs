using MassTransit;

namespace TradeMesh.Projections.Releases.StoringEvents;

/// <summary>The queue every projection replica shares, and how its chunks are taken: in batches, retried through a database restart.</summary>
public sealed class StoreCityTradeReportedChunksDefinition : ConsumerDefinition<StoreCityTradeReportedChunks>
{
    /// <summary>The queue the projection service consumes CityTradeReportedChunk from (all replicas share it).</summary>
    public const string Queue = "trademesh.projections";

    public StoreCityTradeReportedChunksDefinition() => EndpointName = Queue;

    protected override void ConfigureConsumer(IReceiveEndpointConfigurator endpoint, IConsumerConfigurator<StoreCityTradeReportedChunks> consumer,
        IRegistrationContext context)
    {
        // A quorum queue (Raft log, fsynced): a confirmed event survives a broker crash. Its _error
        // queue copies the queue arguments, so it is a quorum queue too.
        if (endpoint is IRabbitMqReceiveEndpointConfigurator rabbit) rabbit.SetQuorumQueue();
        // Chunks carry up to 1,000 events each: 200 in flight is plenty, and bounds memory.
        endpoint.PrefetchCount = 200;
        // Transient faults (database restarting, a replica's concurrent append) retry; then _error.
        // About ten minutes in all (capped at 30 s apart): a database restart fits in it.
        endpoint.UseMessageRetry(r => r.Exponential(25, TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(30), TimeSpan.FromMilliseconds(500)));
        // Up to 10 chunks (10,000 events) per transaction: small releases in a burst share one.
        consumer.Options<BatchOptions>(o => o
            .SetMessageLimit(10)
            .SetTimeLimit(TimeSpan.FromMilliseconds(20))
            .SetConcurrencyLimit(1));
    }
}
