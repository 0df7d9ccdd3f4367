using JasperFx.Events.Daemon;
using Marten;
using TradeMesh.Projections.Cities.GettingHistory;
using TradeMesh.Projections.Movers.GettingMovers;
using TradeMesh.Projections.Periods.ListingPeriods;
using TradeMesh.Projections.Projections;
using TradeMesh.Projections.Rankings.GettingRanking;
using TradeMesh.Projections.Releases.GettingProgress;

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
    }

    /// <summary>Service-to-service and operator routes; the gateway does not expose them.</summary>
    public static void MapInternalApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/internal/releases/{releaseId}/progress", GetReleaseProgress.HandleAsync);
        app.MapPost("/admin/rebuild", RebuildAsync);
    }

    /// <summary>
    /// Rebuilds every read model from the event store. Queries keep answering meanwhile (from the
    /// documents as they are rebuilt); the call returns when the rebuild is done.
    /// </summary>
    private static async Task<IResult> RebuildAsync(IProjectionCoordinator coordinator, IDocumentStore store, CancellationToken ct)
    {
        var daemon = coordinator.DaemonForMainDatabase();
        var started = DateTimeOffset.UtcNow;
        await daemon.RebuildProjectionAsync(TradeProjection.Name, TimeSpan.FromMinutes(30), ct);
        var stats = await store.Advanced.FetchEventStoreStatistics(token: ct);
        return Results.Ok(new { projection = TradeProjection.Name, events = stats.EventCount, seconds = (DateTimeOffset.UtcNow - started).TotalSeconds });
    }
}
