using Marten;
using Microsoft.AspNetCore.Http.HttpResults;
using TradeMesh.Projections.Projections;
using TradeMesh.Projections.Rankings;
using TradeMesh.Projections.Rankings.GettingRanking;

namespace TradeMesh.Projections.Movers.GettingMovers;

/// <summary>GET /api/movers/{period}?measure=total&amp;top=5</summary>
public static class GetMovers
{
    public static async Task<Results<Ok<Movers>, ProblemHttpResult, StatusCodeHttpResult>> HandleAsync(
        string period, string? measure, int? top, IQuerySession session, ReadModelCache cache, HttpContext context, CancellationToken ct)
    {
        var problems = new List<string>();
        var (p, m, n, _) = QueryArguments.Read(period, measure, top, null, problems, defaultTop: 5);
        if (problems.Count > 0) return QueryArguments.BadRequest(problems);

        var id = RankingView.IdFor(p, m);
        var (view, version) = await cache.LoadAsync<RankingView>(session, id, ct);
        if (view is null) return QueryArguments.NoData(p, m);
        if (ConditionalGet.NotModified(context, version)) return TypedResults.StatusCode(StatusCodes.Status304NotModified);
        return TypedResults.Ok(cache.Derived(id, version, () => MoversCalculator.Of(view)).Top(n));
    }
}
