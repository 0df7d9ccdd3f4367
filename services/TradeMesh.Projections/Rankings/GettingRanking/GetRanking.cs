using Marten;
using Microsoft.AspNetCore.Http.HttpResults;
using TradeMesh.Contracts;
using TradeMesh.Projections.Figures;
using TradeMesh.Projections.Queries;

namespace TradeMesh.Projections.Rankings.GettingRanking;

/// <summary>GET /api/rankings/{period}?measure=total&amp;level=city&amp;top=50&amp;offset=0&amp;province=&amp;asOf=&amp;unit=&amp;format=</summary>
public static class GetRanking
{
    public const int DefaultTop = 50;

    public static async Task<Results<Ok<Ranking>, ContentHttpResult, ProblemHttpResult, StatusCodeHttpResult>> HandleAsync(
        string period, string? measure, string? level, string? top, string? offset, string? province, string? asOf, string? unit, string? format,
        IQuerySession session, ReadModelCache cache, HttpContext context, CancellationToken ct)
    {
        var args = new QueryArguments();
        var p = args.Period(period);
        var m = args.Measure(measure);
        var l = args.Level(level);
        var n = args.Top(top, DefaultTop);
        var skip = args.Offset(offset);
        var inProvince = args.Province(province);
        var at = args.AsOf(asOf);
        var u = args.Unit(unit);
        var csv = args.Csv(format, context);
        if (args.HasProblems) return args.BadRequest();

        var ranking = await LoadAsync(session, cache, context, p, m, l, at, ct);
        if (ranking is null) return TypedResults.StatusCode(StatusCodes.Status304NotModified);
        // A period may have data for total but none for exports: that ranking does not exist either.
        if (ranking.Entries.Count == 0) return QueryArguments.NoData(p.ToString(), m, l);

        // The filter shows a slice of the national ranking: rank, gap and share stay national.
        IEnumerable<RankingEntry> entries = ranking.Entries;
        if (inProvince is not null) entries = entries.Where(e => e.CityCode.StartsWith(inProvince.Code, StringComparison.Ordinal));
        var listed = entries.ToList();
        var answer = InUnit(ranking, u) with { Total = listed.Count, Entries = [.. listed.Skip(skip).Take(n).Select(e => InUnit(e, u))] };
        return csv ? Csv(answer.Entries) : TypedResults.Ok(answer);
    }

    /// <summary>
    /// The stored ranking, or as of a moment the one computed from the stored figures of both
    /// periods; null when the client already holds this answer (304).
    /// </summary>
    public static async Task<Ranking?> LoadAsync(IQuerySession session, ReadModelCache cache, HttpContext? context,
        Period p, Measure m, CityLevel l, DateTimeOffset? at, CancellationToken ct)
    {
        if (at is null)
        {
            var (view, version) = await cache.LoadAsync<RankingView>(session, RankingView.IdFor(p.ToString(), m, l), ct);
            if (view is { Ranking.Entries.Count: > 0 } && context is not null && ConditionalGet.NotModified(context, version)) return null;
            return view?.Ranking ?? Empty(p, m, l);
        }
        var figures = await session.LoadManyAsync<PeriodFigures>(ct, p.ToString(), p.ComparisonPeriod.ToString());
        var current = figures.FirstOrDefault(f => f.Id == p.ToString());
        return RankingCalculator.Compute(p, current, figures.FirstOrDefault(f => f.Id != p.ToString()), m, at, l);
    }

    private static Ranking Empty(Period p, Measure m, CityLevel l) => RankingCalculator.Compute(p, null, null, m, level: l);

    public static Ranking InUnit(Ranking r, TradeUnit unit) =>
        r with { Unit = unit.ToString(), NationalTotal = Money.In(r.NationalTotal, unit) };

    public static RankingEntry InUnit(RankingEntry e, TradeUnit unit) =>
        e with { Value = Money.In(e.Value, unit), GapToAbove = Money.In(e.GapToAbove, unit) };

    private static ContentHttpResult Csv(IReadOnlyList<RankingEntry> entries) =>
        CsvAnswer.Of(entries, ("rank", e => e.Rank), ("cityCode", e => e.CityCode), ("name", e => e.Name), ("nameZh", e => e.NameZh),
            ("province", e => e.Province), ("provinceZh", e => e.ProvinceZh), ("value", e => e.Value), ("sharePct", e => e.SharePct),
            ("gapToAbove", e => e.GapToAbove), ("yoyPct", e => e.YoyPct), ("previousRank", e => e.PreviousRank),
            ("rankChange", e => e.RankChange), ("stage", e => e.Stage), ("releaseId", e => e.ReleaseId));
}
