using Marten;
using Microsoft.AspNetCore.Http.HttpResults;
using TradeMesh.Contracts;
using TradeMesh.Projections.Periods.ListingPeriods;
using TradeMesh.Projections.Projections;
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
        var candidates = (await session.Query<PeriodSummary>().Where(p => p.Cities > 0).Select(p => p.Id).ToListAsync(ct))
            .Where(id => Period.TryParse(id, out var p) && p.Kind == kind
                && (start is null || order.Compare(id, start.Value.ToString()) >= 0) && (end is null || order.Compare(id, end.Value.ToString()) <= 0))
            .Order(order).ToList();

        var rankings = new List<Ranking>();
        if (at is null)
        {
            var views = await cache.LoadManyAsync<RankingView>(session, [.. candidates.Select(id => RankingView.IdFor(id, m, l))], ct);
            rankings.AddRange(candidates.Select(id => views.GetValueOrDefault(RankingView.IdFor(id, m, l))?.Ranking).OfType<Ranking>());
        }
        else
            foreach (var id in candidates)
                rankings.Add((await GetRanking.LoadAsync(session, cache, null, Period.Parse(id), m, l, at, ct))!);
        rankings.RemoveAll(r => r.Entries.Count == 0);

        var entries = rankings.Select(r => r.Entries.Where(e => codes.Contains(e.CityCode)).ToDictionary(e => e.CityCode)).ToList();
        var unknown = codes.Where(c => !Geography.KnownCities.ContainsKey(c) && entries.All(e => !e.ContainsKey(c))).ToList();
        if (unknown.Count > 0)
            return TypedResults.Problem($"No figures for {string.Join(", ", unknown)} in this range, and the registry does not know them.", statusCode: 404, title: "Unknown city");

        var series = codes.Select(code =>
        {
            var latest = entries.Select(e => e.GetValueOrDefault(code)).LastOrDefault(e => e is not null);
            var points = rankings.Select((r, i) => entries[i].GetValueOrDefault(code) is { } e
                ? new SeriesPoint(r.Period, Money.In(e.Value, u), e.Rank, e.SharePct, e.YoyPct, e.Stage, e.ReleaseId)
                : new SeriesPoint(r.Period, null, null, null, null, null, null)).ToList();
            return new CitySeries(code, latest?.Name ?? Geography.KnownCities.GetValueOrDefault(code)?.Name, CityNames.NameZh(code),
                CityNames.Province(code, latest?.Province), CityNames.ProvinceZh(code), points);
        }).ToList();
        var answer = new SeriesAnswer(m.Name(), u.ToString(), shape ?? "year", l.Name(), [.. rankings.Select(r => r.Period)], series);
        if (!csv) return TypedResults.Ok(answer);

        var rows = series.SelectMany(s => s.Points.Select(p => (City: s, Point: p)));
        return CsvAnswer.Of(rows, ("cityCode", r => r.City.CityCode), ("name", r => r.City.Name), ("nameZh", r => r.City.NameZh),
            ("period", r => r.Point.Period), ("value", r => r.Point.Value), ("rank", r => r.Point.Rank), ("sharePct", r => r.Point.SharePct),
            ("yoyPct", r => r.Point.YoyPct), ("stage", r => r.Point.Stage));
    }

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
        switch (text ?? "year")
        {
            case "year": return PeriodKind.Year;
            case "month": return PeriodKind.Month;
            case "ytd": return PeriodKind.YearToDate;
            default: problems.Add($"shape: '{text}' is not year, month or ytd"); return null;
        }
    }
}
