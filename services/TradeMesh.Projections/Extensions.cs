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
        builder.Services.AddHealthChecks().Add(new HealthCheckRegistration("projections", sp => sp.GetRequiredService<ProjectionLagMonitor>(), HealthStatus.Unhealthy, ["ready"]));
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
        builder.Services.AddPostgresAndRabbitMq(config, x => x.AddConsumer<StoreCityTradeReportedChunks, StoreCityTradeReportedChunksDefinition>());
    }
}
