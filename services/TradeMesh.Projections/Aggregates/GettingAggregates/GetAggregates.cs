using Marten;
using Microsoft.AspNetCore.Http.HttpResults;
using TradeMesh.Projections.Figures;
using TradeMesh.Projections.Queries;

namespace TradeMesh.Projections.Aggregates.GettingAggregates;

/// <summary>GET /api/aggregates/{period}?by=province|region&amp;measure=total&amp;asOf=&amp;unit=&amp;format=</summary>
public static class GetAggregates
{
    public static async Task<Results<Ok<AggregateRanking>, ContentHttpResult, ProblemHttpResult>> HandleAsync(
        string period, string? by, string? measure, string? asOf, string? unit, string? format,
        IQuerySession session, ReadModelCache cache, HttpContext context, CancellationToken ct)
    {
        var args = new QueryArguments();
        var p = args.Period(period);
        var m = args.Measure(measure);
        var grouping = by ?? "province";
        if (!AggregateCalculator.Groupings.Contains(grouping)) args.Problems.Add($"by: '{by}' is not province or region");
        var at = args.AsOf(asOf);
        var u = args.Unit(unit);
        var csv = args.Csv(format, context);
        if (args.HasProblems) return args.BadRequest();

        AggregateRanking? aggregates;
        if (at is null)
            // The stored per-period document: a few kilobytes, whatever the number of cities.
            aggregates = (await cache.LoadAsync<AggregateView>(session, AggregateView.IdFor(p.ToString(), m, grouping), ct)).Document?.Aggregates;
        else
        {
            // As of a moment: the stored figures of the period and its comparison period, filtered by publish time.
            var figures = await session.LoadManyAsync<PeriodFigures>(ct, p.ToString(), p.ComparisonPeriod.ToString());
            var current = figures.FirstOrDefault(f => f.Id == p.ToString());
            aggregates = current is null ? null
                : AggregateCalculator.Compute(p, current, figures.FirstOrDefault(f => f.Id != p.ToString()), m, grouping, at);
        }
        if (aggregates is null or { Entries.Count: 0 }) return QueryArguments.NoData(p.ToString(), m);

        aggregates = aggregates with
        {
            Unit = u.ToString(),
            NationalTotal = Money.In(aggregates.NationalTotal, u),
            Entries = [.. aggregates.Entries.Select(e => e with { Value = Money.In(e.Value, u) })],
        };
        return csv
            ? CsvAnswer.Of(aggregates.Entries, ("rank", e => e.Rank), ("key", e => e.Key), ("name", e => e.Name), ("nameZh", e => e.NameZh),
                ("value", e => e.Value), ("cities", e => e.Cities), ("sharePct", e => e.SharePct), ("yoyPct", e => e.YoyPct),
                ("comparableCities", e => e.ComparableCities), ("previousRank", e => e.PreviousRank), ("rankChange", e => e.RankChange))
            : TypedResults.Ok(aggregates);
    }
}
