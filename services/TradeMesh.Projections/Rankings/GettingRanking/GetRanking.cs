using Marten;
using Microsoft.AspNetCore.Http.HttpResults;
using TradeMesh.Contracts;
using TradeMesh.Projections.Figures;
using TradeMesh.Projections.Projections;

namespace TradeMesh.Projections.Rankings.GettingRanking;

/// <summary>GET /api/rankings/{period}?measure=total&amp;top=50&amp;province=&amp;asOf=</summary>
public static class GetRanking
{
    public const int DefaultTop = 50;

    public static async Task<Results<Ok<Ranking>, ProblemHttpResult, StatusCodeHttpResult>> HandleAsync(
        string period, string? measure, int? top, string? province, string? asOf, IQuerySession session, ReadModelCache cache,
        HttpContext context, CancellationToken ct)
    {
        var problems = new List<string>();
        var query = QueryArguments.Read(period, measure, top, asOf, problems);
        if (problems.Count > 0) return QueryArguments.BadRequest(problems);
        var (p, m, n, at) = query;

        Ranking? ranking;
        if (at is null)
        {
            var (view, version) = await cache.LoadAsync<RankingView>(session, RankingView.IdFor(p, m), ct);
            ranking = view?.Ranking;
            if (ranking is { Entries.Count: > 0 } && ConditionalGet.NotModified(context, version))
                return TypedResults.StatusCode(StatusCodes.Status304NotModified);
        }
        else
        {
            // As-of answers come from every stored figure of both periods, filtered by publish time.
            var figures = await session.LoadManyAsync<PeriodFigures>(ct, p, Period.Parse(p).ComparisonPeriod.ToString());
            var current = figures.FirstOrDefault(f => f.Id == p);
            ranking = current is null ? null
                : RankingCalculator.Compute(Period.Parse(p), current, figures.FirstOrDefault(f => f.Id != p), m, at);
        }
        // A period may have data for total but none for exports: that ranking does not exist either.
        if (ranking is null or { Entries.Count: 0 }) return QueryArguments.NoData(p, m);

        IEnumerable<RankingEntry> entries = ranking.Entries;
        if (!string.IsNullOrEmpty(province))
            entries = entries.Where(e => string.Equals(e.Province, province, StringComparison.OrdinalIgnoreCase));
        return TypedResults.Ok(ranking with { Entries = [.. entries.Take(n)] });
    }
}
