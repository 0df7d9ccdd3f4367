using JasperFx.Events.Daemon;
using TradeMesh.Projections.Aggregates.GettingAggregates;
using TradeMesh.Projections.Cities.GettingHistory;
using TradeMesh.Projections.Cities.ListingCities;
using TradeMesh.Projections.Feed;
using TradeMesh.Projections.Movers.GettingMovers;
using TradeMesh.Projections.Periods.ListingPeriods;
using TradeMesh.Projections.Daemon;
using TradeMesh.Projections.Rebuilding;
using TradeMesh.Projections.Rankings.GettingRanking;
using TradeMesh.Projections.Releases.GettingChanges;
using TradeMesh.Projections.Releases.GettingProgress;
using TradeMesh.Projections.Series.GettingSeries;
using TradeMesh.Projections.Releases.ListingReleases;
using TradeMesh.ServiceDefaults.Access;

namespace TradeMesh.Projections;

internal static class QueryApi
{
    /// <summary>The public read API, reached through the gateway.</summary>
    public static void MapQueryApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api");
        api.MapGet("/rankings/{period}", GetRanking.HandleAsync).WithTags("Rankings");
        api.MapGet("/movers/{period}", GetMovers.HandleAsync).WithTags("Movers");
        api.MapGet("/cities/{cityCode}/history", GetCityHistory.HandleAsync).WithTags("Cities");
        api.MapGet("/periods", ListPeriods.HandleAsync).WithTags("Periods");
        api.MapGet("/cities", ListCities.HandleAsync).WithTags("Cities");
        api.MapGet("/series", GetSeries.HandleAsync).WithTags("Series");
        api.MapGet("/aggregates/{period}", GetAggregates.HandleAsync).WithTags("Aggregates");
        api.MapGet("/feed", GetFeed.HandleAsync).WithTags("Releases")
            .WithSummary("Server-Sent Events: one release-applied event per applied release; Last-Event-ID resumes (the last 1,000)")
            .Produces(StatusCodes.Status200OK, contentType: "text/event-stream");
        api.MapGet("/releases", ListReleases.HandleAsync).WithTags("Releases")
            .WithSummary("The latest releases, newest publishedAt first").ProducesProblem(StatusCodes.Status400BadRequest);
        api.MapGet("/releases/{releaseId}/changes", GetReleaseChanges.HandleAsync).WithTags("Releases")
            .WithSummary("What a release changed at the moment of its publication; 404 until it is applied").ProducesProblem(StatusCodes.Status404NotFound);
    }

    /// <summary>Service-to-service routes (the gateway does not expose them) and the operator's admin routes.</summary>
    public static void MapInternalApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/internal/releases/{releaseId}/progress", GetReleaseProgress.HandleAsync);
        app.MapPost("/admin/rebuild", RebuildAsync).RequireAdminKey();
        app.MapGet("/admin/rebuild", RebuildStatus).RequireAdminKey();
        app.MapGet("/internal/daemon", DaemonStatus);
    }

    /// <summary>Whether this replica's daemon builds the read models (HotCold: one replica does, the others stand by).</summary>
    private static object DaemonStatus(IProjectionCoordinator coordinator, DaemonLockGuard guard) =>
        new { builds = BuildsReadModels(coordinator), agents = coordinator.DaemonForMainDatabase().CurrentAgents().Select(a => a.Name.Identity).ToList(), lockRestarts = guard.Restarts };

    private static bool BuildsReadModels(IProjectionCoordinator coordinator) =>
        coordinator.DaemonForMainDatabase().CurrentAgents().Any();

    /// <summary>
    /// A rebuild running here pauses the daemon (no agents meanwhile), and its agents take a moment
    /// to start again after one: neither makes this replica a standby.
    /// </summary>
    private static async Task<bool> BuildsReadModelsAsync(IProjectionCoordinator coordinator, RebuildRuns runs, CancellationToken ct)
    {
        if (runs.Status?.State == "running") return true;
        for (var i = 0; i < 20 && !BuildsReadModels(coordinator); i++) await Task.Delay(250, ct);
        return BuildsReadModels(coordinator);
    }

    /// <summary>
    /// Rebuilds every read model from the event store; queries keep answering meanwhile. Only the
    /// replica whose daemon builds the read models may: it pauses its own daemon, and a standby
    /// replica cannot pause the daemon of another (the two would write the same documents).
    /// Answers the result when the rebuild ends within <c>wait</c> seconds (20 by default), else 202
    /// with its status at GET /admin/rebuild; the rebuild goes on either way.
    /// </summary>
    private static async Task<IResult> RebuildAsync(RebuildRuns runs, IProjectionCoordinator coordinator, int? wait, CancellationToken ct)
    {
        if (!await BuildsReadModelsAsync(coordinator, runs, ct))
            return Results.Problem(statusCode: StatusCodes.Status409Conflict, title: "Not the replica that builds the read models",
                detail: "Another replica's daemon builds the read models (HotCold). Ask each replica's GET /internal/daemon and send the rebuild to the one answering builds: true.");
        var run = runs.StartOrJoin();
        await Task.WhenAny(run, Task.Delay(TimeSpan.FromSeconds(Math.Clamp(wait ?? 20, 0, 3_600)), ct));
        if (!run.IsCompleted) return Results.Accepted("/admin/rebuild", runs.Status);
        if (run.Exception?.GetBaseException() is RebuildConflictException conflict)
            return Results.Problem(statusCode: StatusCodes.Status409Conflict, title: "The read models moved on during the rebuild", detail: conflict.Message);
        return Results.Ok(await run);
    }

    /// <summary>The last rebuild on this replica: running, succeeded (with its result) or failed.</summary>
    private static IResult RebuildStatus(RebuildRuns runs) =>
        runs.Status is { } status ? Results.Ok(status)
            : Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "No rebuild", detail: "No rebuild has run on this replica since it started.");
}
