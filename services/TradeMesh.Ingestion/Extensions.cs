using JasperFx;
using Marten;
using MassTransit;
using TradeMesh.Ingestion.Releases.CheckingStatus;
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
            c.BaseAddress = new Uri(config["Services:projections"] ?? throw new InvalidOperationException("Services:projections is not set")));

        services.AddMarten(opts =>
        {
            opts.Connection(config.GetConnectionString("postgres") ?? throw new InvalidOperationException("ConnectionStrings:postgres is not set"));
            // Ingestion's own tables live apart from the event store of the projection service.
            opts.DatabaseSchemaName = "ingestion";
            opts.AutoCreateSchemaObjects = AutoCreate.CreateOrUpdate;
            opts.Schema.For<ReleaseIntake>();
        }).UseLightweightSessions().ApplyAllDatabaseChangesOnStartup();

        services.AddMassTransit(x =>
        {
            x.UsingRabbitMq((context, cfg) =>
            {
                cfg.Host(new Uri(config.GetConnectionString("rabbitmq") ?? throw new InvalidOperationException("ConnectionStrings:rabbitmq is not set")));
                cfg.ConfigureEndpoints(context);
            });
        });
    }
}
