using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using TradeMesh.ServiceDefaults.Access;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// What every TradeMesh service shares: OpenTelemetry (OTLP only when OTEL_EXPORTER_OTLP_ENDPOINT
/// is set), health checks tagged live/ready, problem details for every error.
/// </summary>
public static class ServiceDefaultsExtensions
{
    /// <summary>ActivitySources of the libraries a release passes through.</summary>
    private static readonly string[] TraceSources = ["MassTransit", "Marten", "Npgsql", "Yarp.ReverseProxy", Telemetry.Name];

    public static TBuilder AddServiceDefaults<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.Services.AddProblemDetails(o => o.CustomizeProblemDetails = c => EchoLimit.Apply(c.ProblemDetails));
        // Binding failures throw in every environment, so BadRequestProblems can name the parameter.
        builder.Services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        builder.Services.AddExceptionHandler<BadRequestProblems>();
        builder.Services.Configure<Microsoft.AspNetCore.Server.Kestrel.Core.KestrelServerOptions>(RequestGuards.ConfigureKestrelLimits);
        builder.Services.AddExceptionHandler<DependencyUnavailableHandler>();
        // The gateway authenticates with these keys; the services check the admin ones again.
        builder.Services.TryAddSingleton<ApiKeys>();
        builder.ConfigureOpenTelemetry();
        builder.Services.AddHealthChecks().AddCheck("self", () => HealthCheckResult.Healthy(), ["live"]);
        return builder;
    }

    private static void ConfigureOpenTelemetry(this IHostApplicationBuilder builder)
    {
        // Every log line, console included, carries the trace and span it was written in.
        builder.Logging.Configure(o => o.ActivityTrackingOptions = ActivityTrackingOptions.TraceId | ActivityTrackingOptions.SpanId);
        builder.Logging.AddSimpleConsole(o => { o.IncludeScopes = true; o.SingleLine = true; });

        // Without an OTLP endpoint nobody receives spans: creating them would only cost (about a
        // third of the gateway's throughput on this machine).
        if (string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"])) return;

        builder.Logging.AddOpenTelemetry(o => { o.IncludeFormattedMessage = true; o.IncludeScopes = true; });
        var version = typeof(ServiceDefaultsExtensions).Assembly.GetName().Version?.ToString() ?? "0.0.0";
        var otel = builder.Services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService(builder.Environment.ApplicationName, serviceVersion: version)
                .AddAttributes([new("deployment.environment", builder.Environment.EnvironmentName)]))
            .WithMetrics(m => m.AddAspNetCoreInstrumentation().AddHttpClientInstrumentation()
                .AddRuntimeInstrumentation().AddMeter("MassTransit", "Marten", Telemetry.Name))
            .WithTracing(t => t.AddSource(TraceSources)
                .AddAspNetCoreInstrumentation(o => o.Filter = c => !IsProbe(c.Request.Path))
                .AddHttpClientInstrumentation());

        otel.UseOtlpExporter();
    }

    private static bool IsProbe(PathString path) =>
        path.StartsWithSegments("/health") || path.StartsWithSegments("/alive");

    /// <summary>/health: every check (dependencies reachable); /alive: the process answers.</summary>
    public static WebApplication MapDefaultEndpoints(this WebApplication app)
    {
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseRequestGuards();
        // Ready means every check Healthy: MassTransit reports a lost broker connection as Degraded,
        // which ASP.NET Core would answer with 200.
        app.MapHealthChecks("/health", new HealthCheckOptions
        {
            ResultStatusCodes =
            {
                [HealthStatus.Healthy] = StatusCodes.Status200OK,
                [HealthStatus.Degraded] = StatusCodes.Status503ServiceUnavailable,
                [HealthStatus.Unhealthy] = StatusCodes.Status503ServiceUnavailable,
            },
        });
        app.MapHealthChecks("/alive", new HealthCheckOptions { Predicate = r => r.Tags.Contains("live") });
        return app;
    }
}
