using TradeMesh.Ingestion.Releases.CheckingStatus;
using TradeMesh.Ingestion.Releases.SubmittingRelease;

namespace TradeMesh.Ingestion.Releases;

public static class ReleasesApi
{
    public static IEndpointRouteBuilder MapReleasesApi(this IEndpointRouteBuilder app)
    {
        var releases = app.MapGroup("/api/releases").WithTags("Releases");
        releases.MapPost("", SubmitRelease.HandleAsync);
        releases.MapGet("{releaseId}", GetReleaseStatus.HandleAsync);
        return app;
    }
}
