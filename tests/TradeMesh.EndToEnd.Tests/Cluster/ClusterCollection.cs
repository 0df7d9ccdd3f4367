namespace TradeMesh.EndToEnd.Tests.Cluster;

/// <summary>
/// The tests that run TradeMesh across namespaced hosts (each a cluster of RabbitMQ nodes and a
/// PostgreSQL failover pair of its own): one at a time, after the parallel tests, so their
/// recovery times are measured on a machine not also running the rest of the suite.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ClusterCollection
{
    public const string Name = "cluster";
}
