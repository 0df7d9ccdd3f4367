using JasperFx;
using Marten;
using MassTransit;
using TradeMesh.Ingestion.Releases.CheckingStatus;
using TradeMesh.Ingestion.Releases.ReceivingMessages;
using TradeMesh.Ingestion.Releases.Rejecting;
using TradeMesh.Ingestion.Releases.SubmittingRelease;
using TradeMesh.ServiceDefaults.Access;

namespace TradeMesh.Ingestion;

internal static class Extensions
{
    public static void AddApplicationServices(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        var config = builder.Configuration;

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

        services.AddMarten(opts =>
        {
            opts.Connection(BackingServices.PostgresDataSource(config.GetConnectionString("postgres") ?? throw new InvalidOperationException("ConnectionStrings:postgres is not set")));
            // Ingestion's own tables live apart from the event store of the projection service.
            opts.DatabaseSchemaName = "ingestion";
            opts.AutoCreateSchemaObjects = AutoCreate.CreateOrUpdate;
            opts.Schema.For<ReleaseIntake>();
            opts.Schema.For<ReleaseRejection>();
        }).UseLightweightSessions().ApplyAllDatabaseChangesOnStartup();
        services.AddPostgresAndRabbitMq(config, x => x.AddConsumer<ReleaseMessageConsumer, ReleaseMessageConsumerDefinition>());
    }
}
