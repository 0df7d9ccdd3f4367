using Marten;
using Microsoft.AspNetCore.Http.HttpResults;
using TradeMesh.Contracts;
using TradeMesh.Projections.Rankings.GettingRanking;

namespace TradeMesh.Projections.Cities.GettingHistory;

/// <summary>GET /api/cities/{cityCode}/history?measure=total</summary>
public static class GetCityHistory
{
    public static async Task<Results<Ok<CityHistory>, ProblemHttpResult>> HandleAsync(
        string cityCode, string? measure, IQuerySession session, CancellationToken ct)
    {
        var m = Measure.Total;
        if (measure is not null && !Measures.TryParse(measure, out m))
            return QueryArguments.BadRequest([$"measure: '{measure}' is not total, exports or imports"]);

        var periods = await session.Query<CityPeriodHistory>().Where(h => h.CityCode == cityCode).ToListAsync(ct);
        return periods.Count == 0
            ? TypedResults.Problem($"No figures were ever reported for city '{cityCode}'.", statusCode: 404, title: "Unknown city")
            : TypedResults.Ok(CityPeriodHistory.ToHistory(cityCode, periods, m));
    }
}
