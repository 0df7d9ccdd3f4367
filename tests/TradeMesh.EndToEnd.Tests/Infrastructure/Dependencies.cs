namespace TradeMesh.EndToEnd.Tests.Infrastructure;

/// <summary>Where a system's PostgreSQL and RabbitMQ are (admin credentials in each address).</summary>
public sealed record Dependencies(string Postgres, Uri RabbitMq, Uri RabbitMqManagement)
{
    /// <summary>The PostgreSQL and RabbitMQ that deploy/local/test.sh started for the whole run.</summary>
    public static Dependencies Shared => new(TestEnvironment.Postgres, TestEnvironment.RabbitMq, TestEnvironment.RabbitMqManagement);
}
