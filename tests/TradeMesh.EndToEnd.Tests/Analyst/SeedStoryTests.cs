using static TradeMesh.EndToEnd.Tests.Analyst.SeedSample;

namespace TradeMesh.EndToEnd.Tests.Analyst;

/// <summary>
/// The seed's story, China's 2025 city trade review, retold from the sample data through the
/// gateway: one API call per claim, each checked against a value worked out here from the files.
/// </summary>
[Collection(AnalystCollection.Name)]
public sealed class SeedStoryTests(AnalystFixture fixture)
{
    private readonly TradeMeshSystem _system = fixture.System;

    private Task<JsonElement> Get(string path) => _system.Gateway.GetJsonAsync(path);

    private static JsonElement Entry(JsonElement list, string code) =>
        list.EnumerateArray().Single(e => e.GetProperty("cityCode").GetString() == code);

    [Fact]
    public async Task The_2025_city_trade_review_is_told_by_one_call_per_claim()
    {
                var (now, before) = (Effective("2025"), Effective("2024"));

        // "Shenzhen ahead of Shanghai": by 400 亿元 (40 bn RMB). The review's "about 430 billion" is its
        // own slip: 4.55 tn - 4.51 tn is 40 bn, which the sample files say too.
        var top = (await Get("/api/rankings/2025?top=2")).GetProperty("entries");
        var gap = now["440300"].Total - now["310000"].Total;
        Assert.Equal(["440300", "310000"], top.EnumerateArray().Select(e => e.GetProperty("cityCode").GetString()));
        Assert.Equal(gap, top[1].GetProperty("gapToAbove").GetDecimal());
        Assert.NotEqual(4300m, gap);

        // "Shenzhen keeps narrowing the gap": 2,164 then 400, from one series call.
        var series = (await Get("/api/series?cities=440300,310000&from=2024")).GetProperty("series");
        var gaps = Enumerable.Range(0, 2).Select(i => series[0].GetProperty("points")[i].GetProperty("value").GetDecimal()
            - series[1].GetProperty("points")[i].GetProperty("value").GetDecimal()).ToList();
        Assert.Equal([before["440300"].Total - before["310000"].Total, gap], gaps);
        Assert.True(gaps[1] < gaps[0]);

        // "Dongguan overtaking Ningbo".
        var (ranks, ranksBefore) = (Ranks("2025"), Ranks("2024"));
        Assert.True(ranksBefore["441900"] > ranksBefore["330200"] && ranks["441900"] < ranks["330200"]);
        var movers = await Get("/api/movers/2025");
        Assert.Contains(movers.GetProperty("overtakes").EnumerateArray(), o =>
            o.GetProperty("cityCode").GetString() == "441900" && o.GetProperty("overtakenCityCode").GetString() == "330200");

        // "Jinhua crosses 1 trillion for the first time" (10,000 亿元).
        Assert.True(before["330700"].Total < 10_000m && now["330700"].Total >= 10_000m);
        var milestones = (await Get("/api/movers/2025")).GetProperty("milestones");
        var jinhua = milestones.EnumerateArray().Single(m => m.GetProperty("cityCode").GetString() == "330700");
        Assert.Equal((10_000m, "up", true), (jinhua.GetProperty("threshold").GetDecimal(), jinhua.GetProperty("direction").GetString(), jinhua.GetProperty("firstTime").GetBoolean()));

        // "Xi'an, Hefei and Jinan growing about 20 %", "Fuzhou -24 %".
        var ranking = (await Get("/api/rankings/2025")).GetProperty("entries");
        foreach (var code in new[] { "610100", "340100", "370100" })
        {
            Assert.Equal(Growth(code), Entry(ranking, code).GetProperty("yoyPct").GetDecimal());
            Assert.InRange(Growth(code), 18m, 22m);
        }
        var declines = (await Get("/api/movers/2025?top=1")).GetProperty("steepestDecline");
        Assert.Equal(("350100", Growth("350100")), (declines[0].GetProperty("cityCode").GetString(), declines[0].GetProperty("yoyPct").GetDecimal()));
        Assert.Equal(-24m, Math.Round(Growth("350100")));

        // "Inland cities rising": Anhui's growth, like for like.
        var anhui = Entry2((await Get("/api/aggregates/2025?by=province")).GetProperty("entries"), "34");
        Assert.Equal(GroupGrowth(c => c.StartsWith("34")), anhui.GetProperty("yoyPct").GetDecimal());
        Assert.Equal(now.Keys.Count(c => c.StartsWith("34")), anhui.GetProperty("cities").GetInt32());

        // ... and the central region's, above the east's.
        var regionOf = Regions();
        var regions = (await Get("/api/aggregates/2025?by=region")).GetProperty("entries");
        var central = GroupGrowth(c => regionOf[c[..2]] == "central");
        Assert.Equal(central, Entry2(regions, "central").GetProperty("yoyPct").GetDecimal());
        Assert.True(central > GroupGrowth(c => regionOf[c[..2]] == "east"));

        // "Yiwu, a county-level city inside Jinhua", is ranked among counties, never next to Jinhua.
        var counties = (await Get("/api/rankings/2025?level=county")).GetProperty("entries");
        var expectedRank = Counties.OrderByDescending(c => c.Total).ToList().FindIndex(c => c.Code == "330782") + 1;
        Assert.Equal(expectedRank, Entry(counties, "330782").GetProperty("rank").GetInt32());
        Assert.DoesNotContain(ranking.EnumerateArray(), e => e.GetProperty("cityCode").GetString() == "330782");
    }

    private static JsonElement Entry2(JsonElement list, string key) =>
        list.EnumerateArray().Single(e => e.GetProperty("key").GetString() == key);
}
