using JasperFx;
using Marten;
using MassTransit;
using TradeMesh.Ingestion.Releases.CheckingStatus;
using TradeMesh.Ingestion.Releases.ReceivingMessages;
using TradeMesh.Ingestion.Releases.Rejecting;
using TradeMesh.Ingestion.Releases.SubmittingRelease;
using TradeMesh.Ingestion.Releases.Validating;
using TradeMesh.ServiceDefaults.Access;

namespace TradeMesh.Ingestion;

internal static class Extensions
{
    public static void AddApplicationServices(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        var config = builder.Configuration;

        services.AddSingleton(CityRegistry.Embedded());
        services.Configure<PublishingOptions>(config.GetSection("Publishing"));
        services.AddSingleton<ReleasePublisher>();
        services.AddSingleton<ReleaseIntakeService>();
        services.AddSingleton<ReleaseRejections>();
        services.AddHttpClient<ProjectionsClient>(c =>
        {
            c.BaseAddress = new Uri(config["Services:projections"] ?? throw new InvalidOperationException("Services:projections is not set"));
            c.Timeout = TimeSpan.FromSeconds(5);
            // The projection service answers only requests carrying the deployment's secret.
            c.DefaultRequestHeaders.Add(GatewaySecret.Header, new GatewaySecret(config).Value);
        });

        // Ready only while PostgreSQL answers (MassTransit adds its own check for the broker).
        services.AddHealthChecks().AddDependency("postgres", PingPostgresAsync);
        services.AddMarten(opts =>
        {
            opts.Connection(config.GetConnectionString("postgres") ?? throw new InvalidOperationException("ConnectionStrings:postgres is not set"));
            // Ingestion's own tables live apart from the event store of the projection service.
            opts.DatabaseSchemaName = "ingestion";
            opts.AutoCreateSchemaObjects = AutoCreate.CreateOrUpdate;
            opts.Schema.For<ReleaseIntake>();
            opts.Schema.For<ReleaseRejection>();
        }).UseLightweightSessions().ApplyAllDatabaseChangesOnStartup();
        // Replicas starting together race for the schema migration lock: the loser starts against the
        // schema the winner applies instead of exiting (as the projection service does).
        services.CritterStackDefaults(x =>
        {
            x.Development.ResourceMigrationFailureMode = ResourceMigrationFailureMode.ContinueOnFailures;
            x.Production.ResourceMigrationFailureMode = ResourceMigrationFailureMode.ContinueOnFailures;
        });
        // Before every hosted service (Marten's schema check first of all): wait for PostgreSQL instead of dying.
        services.AddStartupGate("PostgreSQL", PingPostgresAsync);

        services.AddMassTransit(x =>
        {
            x.AddConsumer<ReleaseMessageConsumer, ReleaseMessageConsumerDefinition>();
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

    private static async Task PingPostgresAsync(IServiceProvider services, CancellationToken ct)
    {
        await using var session = services.GetRequiredService<IDocumentStore>().QuerySession();
        await session.AdvancedSql.QueryAsync<int>("select 1", ct);
    }
}
