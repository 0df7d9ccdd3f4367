using JasperFx;
using Marten;
using MassTransit;
using Npgsql;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// How ingestion and the projection service reach PostgreSQL (Marten) and RabbitMQ (MassTransit).
/// Compiled into both (see their .csproj) rather than into ServiceDefaults, which the gateway uses
/// too and which so needs neither library.
/// </summary>
internal static class BackingServices
{
    /// <summary>Call after AddMarten; <paramref name="consumers"/> adds the service's consumers.</summary>
    public static void AddPostgresAndRabbitMq(this IServiceCollection services, IConfiguration config, Action<IBusRegistrationConfigurator> consumers)
    {
        // Ready only while PostgreSQL answers (MassTransit adds its own check for the broker).
        services.AddHealthChecks().AddDependency("postgres", PingPostgresAsync);
        // Replicas starting together race for the schema migration lock: the one that loses it starts
        // against the schema the winner applies instead of exiting.
        services.CritterStackDefaults(x =>
        {
            x.Development.ResourceMigrationFailureMode = ResourceMigrationFailureMode.ContinueOnFailures;
            x.Production.ResourceMigrationFailureMode = ResourceMigrationFailureMode.ContinueOnFailures;
        });
        // Before every hosted service (Marten's schema check first of all): wait for PostgreSQL instead of dying.
        services.AddStartupGate("PostgreSQL", PingPostgresAsync);

        services.AddMassTransit(x =>
        {
            // MassTransit 8.4+ posts anonymous usage data to usage-tracking.masstransit.io unless told
            // not to: a statistics service has no business calling outside its own network.
            x.ConfigureUsageTelemetryOptions(o => o.Enabled = false);
            consumers(x);
            x.UsingRabbitMq((context, cfg) =>
            {
                cfg.Host(new Uri(config.GetConnectionString("rabbitmq") ?? throw new InvalidOperationException("ConnectionStrings:rabbitmq is not set")), h =>
                {
                    // Every node of a RabbitMQ cluster (host:port, comma-separated): a lost node is left for the next.
                    if (config["RabbitMq:Nodes"] is { Length: > 0 } nodes)
                        h.UseCluster(c => { foreach (var node in nodes.Split(',', StringSplitOptions.TrimEntries)) c.Node(node); });
                });
                cfg.ConfigureEndpoints(context);
            });
        });
    }

    /// <summary>
    /// The services' PostgreSQL data source. A connection string naming several hosts with Target
    /// Session Attributes (a failover pair: <c>Host=a,b;Target Session Attributes=primary</c>) gets
    /// Npgsql's multi-host data source, which tries the hosts in turn and uses the one that matches;
    /// Npgsql takes the attribute only that way.
    /// </summary>
    public static NpgsqlDataSource PostgresDataSource(string connectionString, Action<NpgsqlDataSourceBuilder>? configure = null)
    {
        var builder = new NpgsqlDataSourceBuilder(connectionString);
        configure?.Invoke(builder);
        if (builder.ConnectionStringBuilder.TargetSessionAttributes is not { Length: > 0 } target) return builder.Build();
        builder.ConnectionStringBuilder.TargetSessionAttributes = null;
        return builder.BuildMultiHost().WithTargetSession(Enum.Parse<TargetSessionAttributes>(target.Replace("-", ""), ignoreCase: true));
    }

    private static async Task PingPostgresAsync(IServiceProvider services, CancellationToken ct)
    {
        await using var session = services.GetRequiredService<IDocumentStore>().QuerySession();
        await session.AdvancedSql.QueryAsync<int>("select 1", ct);
    }
}
