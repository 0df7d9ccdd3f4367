using JasperFx;
using JasperFx.Events.Daemon;
using Marten;
using MassTransit;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using TradeMesh.Projections.Feed;
using TradeMesh.Projections.Daemon;
using TradeMesh.Projections.Queries;
using TradeMesh.Projections.ReadModels;
using TradeMesh.Projections.Rebuilding;
using TradeMesh.Projections.Releases.StoringEvents;

namespace TradeMesh.Projections;

internal static class Extensions
{
    public static void AddApplicationServices(this IHostApplicationBuilder builder)
    {
        var config = builder.Configuration;

        builder.Services.AddSingleton<EventAppender>();
        builder.Services.AddSingleton<ReadModelRebuilder>();
        builder.Services.AddSingleton<RebuildRuns>();
        builder.Services.AddSingleton<ReadModelCache>();
        builder.Services.AddSingleton<ProjectionLagMonitor>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<ProjectionLagMonitor>());
        builder.Services.AddSingleton<DaemonLockGuard>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<DaemonLockGuard>());
        builder.Services.AddSingleton<FeedHub>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<FeedHub>());
        builder.Services.AddHostedService<ReleaseAppliedPublisher>();
        // Ready only while PostgreSQL answers (MassTransit adds its own check for the broker).
        builder.Services.AddHealthChecks().AddDependency("postgres", PingPostgresAsync).Add(new HealthCheckRegistration("projections", sp => sp.GetRequiredService<ProjectionLagMonitor>(), HealthStatus.Unhealthy, ["ready"]));
        builder.Services.AddMarten(opts =>
        {
            opts.Connection(SequenceAfterRestart.DataSource(DaemonLockGuard.Named(config.GetConnectionString("postgres") ?? throw new InvalidOperationException("ConnectionStrings:postgres is not set"))));
            opts.DatabaseSchemaName = "trademesh";
            opts.AutoCreateSchemaObjects = AutoCreate.CreateOrUpdate;
            opts.ConfigureEventStore();
            opts.ConfigureProjections();
            opts.AddReleaseFeedTable();
            opts.AddSequenceAfterRestart();
        })
        .UseLightweightSessions()
        // HotCold: every replica may run the daemon; one holds the lock and builds, others stand by.
        .AddAsyncDaemon(DaemonMode.HotCold)
        .ApplyAllDatabaseChangesOnStartup();
        // Replicas starting together race for the schema migration lock: the one that loses it starts
        // against the schema the winner applies instead of exiting.
        builder.Services.CritterStackDefaults(x =>
        {
            x.Development.ResourceMigrationFailureMode = ResourceMigrationFailureMode.ContinueOnFailures;
            x.Production.ResourceMigrationFailureMode = ResourceMigrationFailureMode.ContinueOnFailures;
        });
        // Before every hosted service (Marten's schema check first of all): wait for PostgreSQL instead of dying.
        builder.Services.AddStartupGate("PostgreSQL", PingPostgresAsync);

        builder.Services.AddMassTransit(x =>
        {
            x.AddConsumer<StoreCityTradeReportedChunks, StoreCityTradeReportedChunksDefinition>();
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
