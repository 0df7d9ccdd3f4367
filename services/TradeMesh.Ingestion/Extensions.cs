using JasperFx;
using Marten;
using MassTransit;
using TradeMesh.Ingestion.Releases.CheckingStatus;
using TradeMesh.Ingestion.Releases.ReceivingMessages;
using TradeMesh.Ingestion.Releases.SubmittingRelease;
using TradeMesh.Ingestion.Releases.Validating;

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
        services.AddHttpClient<ProjectionsClient>(c =>
        {
            c.BaseAddress = new Uri(config["Services:projections"] ?? throw new InvalidOperationException("Services:projections is not set"));
            c.Timeout = TimeSpan.FromSeconds(5);
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
        }).UseLightweightSessions().ApplyAllDatabaseChangesOnStartup();
        // Before every hosted service (Marten's schema check first of all): wait for PostgreSQL instead of dying.
        services.AddStartupGate("PostgreSQL", PingPostgresAsync);

        services.AddMassTransit(x =>
        {
            x.AddConsumer<ReleaseMessageConsumer>();
            x.UsingRabbitMq((context, cfg) =>
            {
                cfg.Host(new Uri(config.GetConnectionString("rabbitmq") ?? throw new InvalidOperationException("ConnectionStrings:rabbitmq is not set")));
                // Releases from any AMQP client: raw JSON bodies, no MassTransit envelope. The exchange
                // and queue keep the name publishers know; no message-type exchanges are bound to it.
                cfg.ReceiveEndpoint(ReleaseMessageConsumer.Queue, e =>
                {
                    e.ConfigureConsumeTopology = false;
                    // A quorum queue (Raft log, fsynced): a confirmed release survives a broker crash. Its _error
                    // queue copies the queue arguments, so it is a quorum queue too.
                    e.SetQuorumQueue();
                    e.AddDeserializer(new BomTolerantJson(RawSerializerOptions.AnyMessageType), isDefault: true);
                    e.PrefetchCount = 4;
                    // Broker or database briefly away: retry with backoff; a poison message goes straight to _error.
                    e.UseMessageRetry(r =>
                    {
                        // About ten minutes in all (capped at 30 s apart): a database restart fits in it.
                        r.Exponential(25, TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(30), TimeSpan.FromMilliseconds(500));
                        r.Ignore<PoisonReleaseException>();
                    });
                    e.ConfigureConsumer<ReleaseMessageConsumer>(context);
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
