using JasperFx;
using JasperFx.Events.Daemon;
using Marten;
using MassTransit;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using TradeMesh.Projections.Feed;
using TradeMesh.Projections.Projections;
using TradeMesh.Projections.Rebuilding;
using TradeMesh.Projections.Releases.StoringEvents;

namespace TradeMesh.Projections;

internal static class Extensions
{
    /// <summary>The queue the projection service consumes CityTradeReported from (all replicas share it).</summary>
    public const string EventsQueue = "trademesh.projections";

    public static void AddApplicationServices(this IHostApplicationBuilder builder)
    {
        var config = builder.Configuration;

        builder.Services.AddSingleton<EventAppender>();
        builder.Services.AddSingleton<ReadModelRebuilder>();
        builder.Services.AddSingleton<RebuildRuns>();
        builder.Services.AddSingleton<ReadModelCache>();
        builder.Services.AddSingleton<ProjectionLagMonitor>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<ProjectionLagMonitor>());
        builder.Services.AddSingleton<FeedHub>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<FeedHub>());
        builder.Services.AddHostedService<ReleaseAppliedPublisher>();
        // Ready only while PostgreSQL answers (MassTransit adds its own check for the broker).
        builder.Services.AddHealthChecks().AddDependency("postgres", PingPostgresAsync).Add(new HealthCheckRegistration("projections", sp => sp.GetRequiredService<ProjectionLagMonitor>(), HealthStatus.Unhealthy, ["ready"]));
        builder.Services.AddMarten(opts =>
        {
            opts.Connection(config.GetConnectionString("postgres") ?? throw new InvalidOperationException("ConnectionStrings:postgres is not set"));
            opts.DatabaseSchemaName = "trademesh";
            opts.AutoCreateSchemaObjects = AutoCreate.CreateOrUpdate;
            opts.ConfigureEventStore();
            opts.ConfigureProjections();
            opts.AddReleaseFeedTable();
        })
        .UseLightweightSessions()
        // HotCold: every replica may run the daemon; one holds the lock and builds, others stand by.
        .AddAsyncDaemon(DaemonMode.HotCold)
        .ApplyAllDatabaseChangesOnStartup();
        // Before every hosted service (Marten's schema check first of all): wait for PostgreSQL instead of dying.
        builder.Services.AddStartupGate("PostgreSQL", PingPostgresAsync);

        builder.Services.AddMassTransit(x =>
        {
            x.AddConsumer<StoreCityTradeReportedChunks>();
            x.AddConsumer<StoreCityTradeReported>();
            x.UsingRabbitMq((context, cfg) =>
            {
                cfg.Host(new Uri(config.GetConnectionString("rabbitmq") ?? throw new InvalidOperationException("ConnectionStrings:rabbitmq is not set")));
                cfg.ReceiveEndpoint(EventsQueue, e =>
                {
                    // A quorum queue (Raft log, fsynced): a confirmed event survives a broker crash. Its _error
                    // queue copies the queue arguments, so it is a quorum queue too.
                    e.SetQuorumQueue();
                    // Chunks carry up to 1,000 events each: 200 in flight is plenty, and bounds memory.
                    e.PrefetchCount = 200;
                    // Transient faults (database restarting, a replica's concurrent append) retry; then _error.
                    // About ten minutes in all (capped at 30 s apart): a database restart fits in it.
                    e.UseMessageRetry(r => r.Exponential(25, TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(30), TimeSpan.FromMilliseconds(500)));
                    // Up to 10 chunks (10,000 events) per transaction: small releases in a burst share one.
                    e.ConfigureConsumer<StoreCityTradeReportedChunks>(context, c => c.Options<BatchOptions>(o => o
                        .SetMessageLimit(10)
                        .SetTimeLimit(TimeSpan.FromMilliseconds(20))
                        .SetConcurrencyLimit(1)));
                    e.ConfigureConsumer<StoreCityTradeReported>(context, c => c.Options<BatchOptions>(o => o
                        .SetMessageLimit(200)
                        .SetTimeLimit(TimeSpan.FromMilliseconds(50))
                        .SetConcurrencyLimit(1)));
                });
            });
        });
    }

    private static async Task PingPostgresAsync(IServiceProvider services, CancellationToken ct)
    {
        await using var session = services.GetRequiredService<IDocumentStore>().QuerySession();
        await session.AdvancedSql.QueryAsync<int>("select 1", ct);
    }
}
