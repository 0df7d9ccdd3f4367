using Microsoft.AspNetCore.Http.HttpResults;
using TradeMesh.Projections.Queries;

namespace TradeMesh.Projections.Movers.GettingMovers;

/// <summary>Movers as one CSV table: a row per entry of every list, the <c>list</c> column naming it; columns a list lacks stay empty.</summary>
public static class MoversCsv
{
    private sealed record Row(string List, string CityCode, string Name, string? NameZh, decimal? Value = null, decimal? YoyPct = null,
        int? Rank = null, int? PreviousRank = null, int? RankChange = null, string? OvertakenCityCode = null, string? OvertakenName = null,
        int? OvertakenRank = null, decimal? Threshold = null, string? Direction = null, bool? FirstTime = null);

    public static ContentHttpResult Of(PeriodMovers m)
    {
        IEnumerable<Row> rows = [
            .. m.FastestGrowth.Select(g => new Row("fastestGrowth", g.CityCode, g.Name, g.NameZh, g.Value, g.YoyPct)),
            .. m.SteepestDecline.Select(g => new Row("steepestDecline", g.CityCode, g.Name, g.NameZh, g.Value, g.YoyPct)),
            .. m.Climbers.Select(c => new Row("climbers", c.CityCode, c.Name, c.NameZh, Rank: c.Rank, PreviousRank: c.PreviousRank, RankChange: c.RankChange)),
            .. m.Fallers.Select(c => new Row("fallers", c.CityCode, c.Name, c.NameZh, Rank: c.Rank, PreviousRank: c.PreviousRank, RankChange: c.RankChange)),
            .. m.Overtakes.Select(o => new Row("overtakes", o.CityCode, o.Name, o.NameZh, Rank: o.Rank, OvertakenCityCode: o.OvertakenCityCode,
                OvertakenName: o.OvertakenName, OvertakenRank: o.OvertakenRank)),
            .. m.Milestones.Select(x => new Row("milestones", x.CityCode, x.Name, x.NameZh, x.Value, Threshold: x.Threshold, Direction: x.Direction, FirstTime: x.FirstTime)),
        ];
        return CsvAnswer.Of(rows, ("list", r => r.List), ("cityCode", r => r.CityCode), ("name", r => r.Name), ("nameZh", r => r.NameZh),
            ("value", r => r.Value), ("yoyPct", r => r.YoyPct), ("rank", r => r.Rank), ("previousRank", r => r.PreviousRank),
            ("rankChange", r => r.RankChange), ("overtakenCityCode", r => r.OvertakenCityCode), ("overtakenName", r => r.OvertakenName),
            ("overtakenRank", r => r.OvertakenRank), ("threshold", r => r.Threshold), ("direction", r => r.Direction), ("firstTime", r => r.FirstTime));
    }
}
