using Marten;
using Microsoft.AspNetCore.Http.HttpResults;
using TradeMesh.Contracts;
using TradeMesh.Projections.Cities.GettingHistory;
using TradeMesh.Projections.Periods.ListingPeriods;
using TradeMesh.Projections.Queries;
using TradeMesh.Projections.Rankings;
using TradeMesh.Projections.Rankings.GettingRanking;

namespace TradeMesh.Projections.Series.GettingSeries;

/// <summary>GET /api/series?cities=440300,310000&amp;measure=total&amp;shape=year&amp;from=&amp;to=&amp;level=&amp;asOf=&amp;unit=&amp;format=</summary>
/// <remarks>
/// Each point is the city's entry of its period's stored ranking, read through the cache: one
/// version query for every period of the range, and only rankings not already held are loaded, so
/// a series reads one document per period of the range (never the store), and a repeated one reads
/// no document at all. As of a moment it computes each period's ranking from its stored figures.
/// </remarks>
public static class GetSeries
{
    public const int MaxCities = 20;

    public static async Task<Results<Ok<SeriesAnswer>, ContentHttpResult, ProblemHttpResult>> HandleAsync(
        string? cities, string? measure, string? shape, string? from, string? to, string? level, string? asOf, string? unit, string? format,
        IQuerySession session, ReadModelCache cache, HttpContext context, CancellationToken ct)
    {
        var args = new QueryArguments();
        var codes = Cities(cities, args.Problems);
        var m = args.Measure(measure);
        var kind = Shape(shape, args.Problems);
        var l = args.Level(level);
        Period? start = from is null ? null : args.Period(from, "from");
        Period? end = to is null ? null : args.Period(to, "to");
        if (kind is { } k && !args.HasProblems)
        {
            if (start is { } s && s.Kind != k) args.Problems.Add($"from: '{from}' is not a period of shape {shape ?? "year"}");
            if (end is { } e && e.Kind != k) args.Problems.Add($"to: '{to}' is not a period of shape {shape ?? "year"}");
        }
        foreach (var code in codes.Where(c => CityNames.LevelOf(c) != l))
            args.Problems.Add($"cities: {code} is a {CityNames.LevelOf(code).Name()}-level code; ask with level={CityNames.LevelOf(code).Name()} (cities and counties are ranked apart)");
        var at = args.AsOf(asOf);
        var u = args.Unit(unit);
        var csv = args.Csv(format, context);
        if (args.HasProblems) return args.BadRequest();

        var order = PeriodOrder.Chronological;
        bool InRange(string id) => Period.TryParse(id, out var p) && p.Kind == kind
            && (start is null || order.Compare(id, start.Value.ToString()) >= 0) && (end is null || order.Compare(id, end.Value.ToString()) <= 0);
        var summaries = await Summaries(session, start, end, ct);
        var key = PeriodSummary.RankedKey(m, l);
        // Periods with entries in this ranking; a summary from before that was kept needs the ranking itself.
        var candidates = summaries.Where(s => InRange(s.Id) && (s.Ranked is null || s.Ranked.Contains(key))).Select(s => s.Id).Order(order).ToList();
        var fromRanking = summaries.Where(s => s.Ranked is null).Select(s => s.Id).ToHashSet();

        // period -> city -> its entry of the period's ranking
        var points = candidates.ToDictionary(id => id, _ => new Dictionary<string, Point>());
        var empty = new HashSet<string>(); // read whole, the period's ranking has no entry: no data for it
        if (at is null)
        {
            // A city's points are stored with its history, one small document per (city, period): 20 cities over
            // 20 years read 400 of them, never a period's ranking (a megabyte at 5,000 cities).
            var histories = await session.LoadManyAsync<CityPeriodHistory>(ct, [.. codes.SelectMany(c => candidates.Select(p => CityPeriodHistory.IdFor(c, p)))]);
            foreach (var h in histories)
            {
                if (h.LacksPoints) { fromRanking.Add(h.Period); continue; }
                if (h.Ranked.FirstOrDefault(r => r.Measure == m.Name()) is { } r)
                    points[h.Period][h.CityCode] = new(r.Value, r.Rank, r.SharePct, r.YoyPct, r.Stage, r.ReleaseId,
                        h.Figures.FirstOrDefault(f => f.ReleaseId == r.ReleaseId)?.Name, h.Figures.FirstOrDefault(f => f.ReleaseId == r.ReleaseId)?.Province);
            }
            var older = candidates.Where(fromRanking.Contains).ToList();
            var views = await cache.LoadManyAsync<RankingView>(session, [.. older.Select(id => RankingView.IdFor(id, m, l))], ct);
            foreach (var id in older.Where(id => !Fill(points, id, views.GetValueOrDefault(RankingView.IdFor(id, m, l))?.Ranking, codes))) empty.Add(id);
        }
        else
            foreach (var id in candidates)
                if (!Fill(points, id, await GetRanking.LoadAsync(session, cache, null, Period.Parse(id), m, l, at, ct), codes)) empty.Add(id);
        var periods = candidates.Where(id => !empty.Contains(id)).ToList();

        var unknown = codes.Where(c => !Geography.KnownCities.ContainsKey(c) && periods.All(p => !points[p].ContainsKey(c))).ToList();
        if (unknown.Count > 0)
            return TypedResults.Problem($"No figures for {string.Join(", ", unknown)} in this range, and the registry does not know them.", statusCode: 404, title: "Unknown city");

        var series = codes.Select(code =>
        {
            var latest = periods.Select(p => points[p].GetValueOrDefault(code)).LastOrDefault(e => e is not null);
            var cityPoints = periods.Select(p => points[p].GetValueOrDefault(code) is { } e
                ? new SeriesPoint(p, Money.In(e.Value, u), e.Rank, e.SharePct, e.YoyPct, e.Stage, e.ReleaseId)
                : new SeriesPoint(p, null, null, null, null, null, null)).ToList();
            return new CitySeries(code, latest?.Name ?? Geography.KnownCities.GetValueOrDefault(code)?.Name, CityNames.NameZh(code),
                CityNames.Province(code, latest?.Province), CityNames.ProvinceZh(code), cityPoints);
        }).ToList();
        var answer = new SeriesAnswer(m.Name(), u.ToString(), shape ?? "year", l.Name(), periods, series);
        if (!csv) return TypedResults.Ok(answer);

        var rows = series.SelectMany(s => s.Points.Select(p => (City: s, Point: p)));
        return CsvAnswer.Of(rows, ("cityCode", r => r.City.CityCode), ("name", r => r.City.Name), ("nameZh", r => r.City.NameZh),
            ("period", r => r.Point.Period), ("value", r => r.Point.Value), ("rank", r => r.Point.Rank), ("sharePct", r => r.Point.SharePct),
            ("yoyPct", r => r.Point.YoyPct), ("stage", r => r.Point.Stage));
    }

    /// <summary>A city's entry of one period's ranking: what a point shows.</summary>
    private sealed record Point(decimal Value, int Rank, decimal SharePct, decimal? YoyPct, string Stage, string ReleaseId, string? Name, string? Province);

    /// <summary>The cities' entries of a ranking read whole; false when it has none at all.</summary>
    private static bool Fill(Dictionary<string, Dictionary<string, Point>> points, string period, Ranking? ranking, List<string> codes)
    {
        foreach (var e in ranking?.Entries.Where(e => codes.Contains(e.CityCode)) ?? [])
            points[period][e.CityCode] = new(e.Value, e.Rank, e.SharePct, e.YoyPct, e.Stage, e.ReleaseId, e.Name, e.Province);
        return ranking is { Entries.Count: > 0 };
    }

    /// <summary>
    /// The summaries of the periods of the shape: by id when the range is bounded (at most a few
    /// hundred), otherwise those with data.
    /// </summary>
    private static async Task<IReadOnlyList<PeriodSummary>> Summaries(IQuerySession session, Period? start, Period? end, CancellationToken ct)
    {
        if (start is { } s && end is { } e && PeriodOrder.Chronological.Compare(s.ToString(), e.ToString()) <= 0)
        {
            var ids = new List<string>();
            for (var p = s; PeriodOrder.Chronological.Compare(p.ToString(), e.ToString()) <= 0 && ids.Count < 5_000; p = Next(p)) ids.Add(p.ToString());
            return [.. (await session.LoadManyAsync<PeriodSummary>(ct, ids)).Where(x => x.Cities > 0)];
        }
        return await session.Query<PeriodSummary>().Where(p => p.Cities > 0).ToListAsync(ct);
    }

    private static Period Next(Period p) => p.Kind == PeriodKind.Year ? p with { Year = p.Year + 1 }
        : p.Month == 12 ? p with { Year = p.Year + 1, Month = 1 } : p with { Month = p.Month + 1 };

    private static List<string> Cities(string? text, List<string> problems)
    {
        var codes = (text ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).ToList();
        if (codes.Count == 0) problems.Add("cities: give 1 to 20 city codes, comma-separated (e.g. cities=440300,310000)");
        foreach (var bad in codes.Where(c => Geography.LevelOf(c) is null).Distinct())
            problems.Add($"cities: '{bad}' is not a city or county code (6 digits of a mainland province, not a province code)");
        if (codes.Distinct().Count() != codes.Count) problems.Add("cities: a city is named twice");
        if (codes.Count > MaxCities) problems.Add($"cities: at most {MaxCities} cities ({codes.Count} given)");
        return [.. codes.Where(c => Geography.LevelOf(c) is not null).Distinct()];
    }

    private static PeriodKind? Shape(string? text, List<string> problems)
    {
        PeriodKind? kind = (text ?? "year") switch { "year" => PeriodKind.Year, "month" => PeriodKind.Month, "ytd" => PeriodKind.YearToDate, _ => null };
        if (kind is null) problems.Add($"shape: '{text}' is not year, month or ytd");
        return kind;
    }
}
