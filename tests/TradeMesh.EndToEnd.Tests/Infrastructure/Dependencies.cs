namespace TradeMesh.EndToEnd.Tests.Infrastructure;

/// <summary>
/// Where a system's PostgreSQL and RabbitMQ are (admin credentials in each address); a cluster's
/// other RabbitMQ nodes in <paramref name="RabbitMqNodes"/> (host:port, comma-separated, RabbitMq__Nodes).
/// </summary>
public sealed record Dependencies(string Postgres, Uri RabbitMq, Uri RabbitMqManagement, string? RabbitMqNodes = null)
{
    /// <summary>The PostgreSQL and RabbitMQ that deploy/local/test.sh started for the whole run.</summary>
    public static Dependencies Shared => new(TestEnvironment.Postgres, TestEnvironment.RabbitMq, TestEnvironment.RabbitMqManagement);
}
