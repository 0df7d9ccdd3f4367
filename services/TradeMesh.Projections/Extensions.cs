using JasperFx;
using JasperFx.Events.Daemon;
using Marten;
using MassTransit;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using TradeMesh.Projections.Projections;
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
        // Ready only while PostgreSQL answers (MassTransit adds its own check for the broker).
        builder.Services.AddHealthChecks().AddDependency("postgres", PingPostgresAsync).Add(new HealthCheckRegistration("projections", sp => sp.GetRequiredService<ProjectionLagMonitor>(), HealthStatus.Unhealthy, ["ready"]));
        builder.Services.AddMarten(opts =>
        {
            opts.Connection(config.GetConnectionString("postgres") ?? throw new InvalidOperationException("ConnectionStrings:postgres is not set"));
            opts.DatabaseSchemaName = "trademesh";
            opts.AutoCreateSchemaObjects = AutoCreate.CreateOrUpdate;
            opts.ConfigureEventStore();
            opts.ConfigureProjections();
        })
        .UseLightweightSessions()
        // HotCold: every replica may run the daemon; one holds the lock and builds, others stand by.
        .AddAsyncDaemon(DaemonMode.HotCold)
        .ApplyAllDatabaseChangesOnStartup();
        // Before every hosted service (Marten's schema check first of all): wait for PostgreSQL instead of dying.
        builder.Services.AddStartupGate("PostgreSQL", PingPostgresAsync);

        builder.Services.AddMassTransit(x =>
        {
            x.AddConsumer<StoreCityTradeReportedChunks, StoreCityTradeReportedChunksDefinition>();
            x.UsingRabbitMq((context, cfg) =>
            {
                cfg.Host(new Uri(config.GetConnectionString("rabbitmq") ?? throw new InvalidOperationException("ConnectionStrings:rabbitmq is not set")));
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
