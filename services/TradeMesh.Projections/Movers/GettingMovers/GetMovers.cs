using Marten;
using Microsoft.AspNetCore.Http.HttpResults;
using TradeMesh.Contracts;
using TradeMesh.Projections.Queries;
using TradeMesh.Projections.Rankings;
using TradeMesh.Projections.Rankings.GettingRanking;

namespace TradeMesh.Projections.Movers.GettingMovers;

/// <summary>GET /api/movers/{period}?measure=total&amp;level=city&amp;top=5&amp;province=&amp;asOf=&amp;unit=&amp;format=</summary>
public static class GetMovers
{
    public static async Task<Results<Ok<PeriodMovers>, ContentHttpResult, ProblemHttpResult, StatusCodeHttpResult>> HandleAsync(
        string period, string? measure, string? level, string? top, string? province, string? asOf, string? unit, string? format,
        IQuerySession session, ReadModelCache cache, HttpContext context, CancellationToken ct)
    {
        var args = new QueryArguments();
        var p = args.Period(period);
        var m = args.Measure(measure);
        var l = args.Level(level);
        var n = args.Top(top, 5);
        var inProvince = args.Province(province);
        var at = args.AsOf(asOf);
        var u = args.Unit(unit);
        var csv = args.Csv(format, context);
        if (args.HasProblems) return args.BadRequest();

        PeriodMovers movers;
        Guid? stored = null; // the ranking's version, for the ETag; none as of a moment
        if (at is null)
        {
            var id = RankingView.IdFor(p.ToString(), m, l);
            var (view, version) = await cache.LoadAsync<RankingView>(session, id, ct);
            if (view is null or { Ranking.Entries.Count: 0 }) return QueryArguments.NoData(p.ToString(), m, l);
            stored = version;
            movers = cache.Derived(id, version, () => MoversCalculator.Of(view));
        }
        else
        {
            // As of a moment: both rankings computed from the stored figures, filtered by publish time.
            var ranking = await GetRanking.LoadAsync(session, cache, null, p, m, l, at, ct);
            if (ranking is null or { Entries.Count: 0 }) return QueryArguments.NoData(p.ToString(), m, l);
            var previous = await GetRanking.LoadAsync(session, cache, null, p.ComparisonPeriod, m, l, at, ct);
            movers = MoversCalculator.Compute(ranking, previous!);
        }

        if (inProvince is not null) movers = InProvince(movers, inProvince.Code);
        movers = movers.Top(n) with
        {
            Milestones = await FirstTimeMilestones.MarkAsync(session, p, m, movers.Milestones, at, ct),
            Unit = u.ToString(),
        };
        // firstTime depends on every earlier period, which the ranking's version does not cover: it is part of the tag.
        if (stored is { } v && ConditionalGet.NotModified(context, v, string.Concat(movers.Milestones.Select(x => x.FirstTime ? '1' : '0'))))
            return TypedResults.StatusCode(StatusCodes.Status304NotModified);
        movers = InUnit(movers, u);
        return csv ? MoversCsv.Of(movers) : TypedResults.Ok(movers);
    }

    private static PeriodMovers InProvince(PeriodMovers m, string code)
    {
        bool In(string city) => city.StartsWith(code, StringComparison.Ordinal);
        return m with
        {
            FastestGrowth = [.. m.FastestGrowth.Where(g => In(g.CityCode))],
            SteepestDecline = [.. m.SteepestDecline.Where(g => In(g.CityCode))],
            Climbers = [.. m.Climbers.Where(c => In(c.CityCode))],
            Fallers = [.. m.Fallers.Where(c => In(c.CityCode))],
            Overtakes = [.. m.Overtakes.Where(o => In(o.CityCode))],
            Milestones = [.. m.Milestones.Where(x => In(x.CityCode))],
        };
    }

    private static PeriodMovers InUnit(PeriodMovers m, TradeUnit u) => m with
    {
        FastestGrowth = [.. m.FastestGrowth.Select(g => g with { Value = Money.In(g.Value, u) })],
        SteepestDecline = [.. m.SteepestDecline.Select(g => g with { Value = Money.In(g.Value, u) })],
        Milestones = [.. m.Milestones.Select(x => x with { Value = Money.In(x.Value, u), Threshold = Money.In(x.Threshold, u) })],
    };
}
