namespace TradeMesh.EndToEnd.Tests.Spec;

/// <summary>Compares the API's JSON with the spec's answer field by field (numbers by value).</summary>
public static class ApiAssert
{
    public static void RankingEquals(SpecRanking expected, JsonElement actual, int? top = null)
    {
        Assert.Equal(expected.Period, actual.GetProperty("period").GetString());
        Assert.Equal("CNY_100M", actual.GetProperty("unit").GetString());
        Assert.Equal(expected.ShareBasis, actual.GetProperty("shareBasis").GetString());
        Assert.Equal(expected.NationalTotal, NullableDecimal(actual.GetProperty("nationalTotal")));
        Assert.Equal(expected.ComparedWith, actual.GetProperty("comparedWith").GetString());

        var entries = actual.GetProperty("entries").EnumerateArray().ToList();
        var wanted = expected.Entries.Take(top ?? int.MaxValue).ToList();
        Assert.Equal(wanted.Count, entries.Count);
        for (var i = 0; i < wanted.Count; i++)
        {
            var (e, a) = (wanted[i], entries[i]);
            var at = $"entry {i} ({e.CityCode})";
            Assert.True(e.CityCode == a.GetProperty("cityCode").GetString(), $"{at}: city {a.GetProperty("cityCode")}");
            Assert.True(e.Rank == a.GetProperty("rank").GetInt32(), $"{at}: rank {a.GetProperty("rank")} != {e.Rank}");
            Assert.Equal(e.Name, a.GetProperty("name").GetString());
            Assert.Equal(e.Province, a.GetProperty("province").GetString());
            Assert.True(e.Value == a.GetProperty("value").GetDecimal(), $"{at}: value {a.GetProperty("value")} != {e.Value}");
            Assert.True(e.SharePct == a.GetProperty("sharePct").GetDecimal(), $"{at}: sharePct {a.GetProperty("sharePct")} != {e.SharePct}");
            Assert.True(e.GapToAbove == NullableDecimal(a.GetProperty("gapToAbove")), $"{at}: gapToAbove {a.GetProperty("gapToAbove")} != {e.GapToAbove}");
            Assert.True(e.YoyPct == NullableDecimal(a.GetProperty("yoyPct")), $"{at}: yoyPct {a.GetProperty("yoyPct")} != {e.YoyPct}");
            Assert.True(e.PreviousRank == NullableInt(a.GetProperty("previousRank")), $"{at}: previousRank {a.GetProperty("previousRank")} != {e.PreviousRank}");
            Assert.True(e.RankChange == NullableInt(a.GetProperty("rankChange")), $"{at}: rankChange {a.GetProperty("rankChange")} != {e.RankChange}");
            Assert.Equal(e.Stage, a.GetProperty("stage").GetString());
            Assert.Equal(e.ReleaseId, a.GetProperty("releaseId").GetString());
        }
    }

    public static void MoversEqual(SpecMovers expected, JsonElement actual)
    {
        Assert.Equal(expected.FastestGrowth, Growth(actual, "fastestGrowth"));
        Assert.Equal(expected.SteepestDecline, Growth(actual, "steepestDecline"));
        Assert.Equal(expected.Climbers, Moves(actual, "climbers"));
        Assert.Equal(expected.Fallers, Moves(actual, "fallers"));
        Assert.Equal(expected.Overtakes, actual.GetProperty("overtakes").EnumerateArray()
            .Select(o => (o.GetProperty("cityCode").GetString()!, o.GetProperty("overtakenCityCode").GetString()!)).ToList());
        Assert.Equal(expected.Milestones, actual.GetProperty("milestones").EnumerateArray()
            .Select(m => (m.GetProperty("cityCode").GetString()!, m.GetProperty("threshold").GetDecimal(), m.GetProperty("direction").GetString()!)).ToList());
    }

    private static List<(string, decimal)> Growth(JsonElement movers, string list) =>
        [.. movers.GetProperty(list).EnumerateArray().Select(g => (g.GetProperty("cityCode").GetString()!, g.GetProperty("yoyPct").GetDecimal()))];

    private static List<(string, int)> Moves(JsonElement movers, string list) =>
        [.. movers.GetProperty(list).EnumerateArray().Select(g => (g.GetProperty("cityCode").GetString()!, g.GetProperty("rankChange").GetInt32()))];

    public static decimal? NullableDecimal(JsonElement e) => e.ValueKind == JsonValueKind.Null ? null : e.GetDecimal();
    public static int? NullableInt(JsonElement e) => e.ValueKind == JsonValueKind.Null ? null : e.GetInt32();
}
