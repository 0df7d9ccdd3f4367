using Marten;
using TradeMesh.Contracts;
using Microsoft.AspNetCore.Http.HttpResults;
using TradeMesh.Projections.Queries;
using static TradeMesh.Projections.Queries.CsvAnswer;

namespace TradeMesh.Projections.Cities.GettingHistory;

/// <summary>GET /api/cities/{cityCode}/history?measure=total&amp;asOf=&amp;unit=&amp;format=</summary>
public static class GetCityHistory
{
    private sealed record Row(string Period, string Status, HistoryFigure Figure);

    public static async Task<Results<Ok<CityHistory>, ContentHttpResult, ProblemHttpResult>> HandleAsync(
        string cityCode, string? measure, string? asOf, string? unit, string? format, HttpContext context, IQuerySession session, CancellationToken ct)
    {
        var args = new QueryArguments();
        var m = args.Measure(measure);
        var at = args.AsOf(asOf);
        var u = args.Unit(unit);
        var csv = args.Csv(format, context);
        if (args.HasProblems) return args.BadRequest();

        // As-of answers filter the city's stored figures by publish time: no events are replayed.
        var periods = await session.Query<CityPeriodHistory>().Where(h => h.CityCode == cityCode).ToListAsync(ct);
        var history = CityPeriodHistory.ToHistory(cityCode, periods, m, at, u);
        if (history.Periods.Count == 0)
            return TypedResults.Problem($"No {m.Name()} figures {(at is null ? "were ever" : $"published by {at:O} were")} reported for city '{cityCode}'.",
                statusCode: 404, title: "Unknown city");
        if (!csv) return TypedResults.Ok(history);

        var rows = history.Periods.SelectMany(p => p.Superseded.Select(f => new Row(p.Period, "superseded", f)).Prepend(new Row(p.Period, "effective", p.Effective)));
        return Of(rows,
            ("cityCode", _ => history.CityCode),
            ("name", _ => history.Name),
            ("nameZh", _ => history.NameZh),
            ("period", r => r.Period),
            ("status", r => r.Status),
            ("value", r => r.Figure.Value),
            ("yoyPct", r => r.Figure.YoyPct),
            ("stage", r => r.Figure.Stage),
            ("publishedAt", r => r.Figure.PublishedAt.ToString("O")),
            ("releaseId", r => r.Figure.ReleaseId));
    }
}
