using System.Net.Http.Headers;
using static TradeMesh.EndToEnd.Tests.Analyst.SeedSample;

namespace TradeMesh.EndToEnd.Tests.Analyst;

/// <summary>
/// The common query parameters, series, aggregates, cities and CSV through the gateway, on the sample
/// data. Bad parameters (400) and what has no data (404) are tested in process (TradeMesh.Contract.Tests, Analyst).
/// </summary>
[Collection(AnalystCollection.Name)]
public sealed class AnalystQueryTests(AnalystFixture fixture)
{
    private readonly TradeMeshSystem _system = fixture.System;

    private Task<JsonElement> SeededGet(string path) => _system.Gateway.GetJsonAsync(path);

    private static List<string> Codes(JsonElement list) => [.. list.EnumerateArray().Select(e => e.GetProperty("cityCode").GetString()!)];

    [Fact]
    public async Task A_province_named_any_way_shows_its_slice_of_the_national_ranking()
    {
        var ranks = Ranks("2025");
        var guangdong = ranks.Where(r => r.Key.StartsWith("44")).OrderBy(r => r.Value).Select(r => (r.Key, r.Value)).ToList();
        foreach (var name in new[] { "广东", "44", "Guangdong", "guangdong" })
        {
            var ranking = await SeededGet($"/api/rankings/2025?province={Uri.EscapeDataString(name)}");
            var entries = ranking.GetProperty("entries");
            Assert.Equal(guangdong, entries.EnumerateArray().Select(e => (e.GetProperty("cityCode").GetString()!, e.GetProperty("rank").GetInt32())));
            Assert.Equal(guangdong.Count, ranking.GetProperty("total").GetInt32());
            Assert.Equal(("Guangdong", "广东", "深圳"), (entries[0].GetProperty("province").GetString(), entries[0].GetProperty("provinceZh").GetString(),
                entries[0].GetProperty("nameZh").GetString()));
        }
    }

    [Fact]
    public async Task Paging_counts_every_ranked_entry_and_money_converts_exactly()
    {
        var all = await SeededGet("/api/rankings/2025?top=5000");
        var page = await _system.Gateway.GetJsonAsync("/api/rankings/2025?offset=5&top=3&unit=CNY");
        Assert.Equal(Effective("2025").Count, page.GetProperty("total").GetInt32());
        Assert.Equal(Codes(all.GetProperty("entries")).Skip(5).Take(3), Codes(page.GetProperty("entries")));
        Assert.Equal("CNY", page.GetProperty("unit").GetString());
        var sixth = Effective("2025")[Codes(page.GetProperty("entries"))[0]].Total;
        Assert.Equal(sixth * 100_000_000m, page.GetProperty("entries")[0].GetProperty("value").GetDecimal());
        Assert.Equal(National("2025") * 100_000_000m, page.GetProperty("nationalTotal").GetDecimal());
        var trillions = await _system.Gateway.GetJsonAsync("/api/cities/330700/history?unit=CNY_TN");
        Assert.Equal(Effective("2025")["330700"].Total / 10_000m, trillions.GetProperty("periods")[1].GetProperty("effective").GetProperty("value").GetDecimal());
    }

    [Fact]
    public async Task Series_points_are_the_rankings_entries_and_null_where_a_city_had_no_figure()
    {
        await _system.PushAllAsync([TestReleases.Json("seed-2023-shenzhen-only", "2023", [("440300", 43000m)], publishedAt: "2024-01-20T08:00:00+08:00")]);
        var answer = await _system.Gateway.GetJsonAsync("/api/series?cities=440300,310000&from=2023&to=2025");
        Assert.Equal(["2023", "2024", "2025"], answer.GetProperty("periods").EnumerateArray().Select(p => p.GetString()));
        var shanghai = answer.GetProperty("series")[1];
        Assert.Equal(("310000", "上海"), (shanghai.GetProperty("cityCode").GetString(), shanghai.GetProperty("nameZh").GetString()));
        Assert.Equal(JsonValueKind.Null, shanghai.GetProperty("points")[0].GetProperty("value").ValueKind);
        foreach (var period in new[] { "2024", "2025" })
        {
            var entry = (await _system.Gateway.GetJsonAsync($"/api/rankings/{period}")).GetProperty("entries").EnumerateArray()
                .Single(e => e.GetProperty("cityCode").GetString() == "310000");
            var point = shanghai.GetProperty("points").EnumerateArray().Single(p => p.GetProperty("period").GetString() == period);
            foreach (var field in new[] { "value", "rank", "sharePct", "yoyPct", "stage", "releaseId" })
                Assert.Equal(entry.GetProperty(field).GetRawText(), point.GetProperty(field).GetRawText());
        }
        var csv = await _system.Gateway.GetStringAsync("/api/series?cities=440300,310000&from=2024&format=csv", HttpStatusCode.OK);
        var lines = csv.TrimEnd().Split("\r\n");
        Assert.Equal("cityCode,name,nameZh,period,value,rank,sharePct,yoyPct,stage", lines[0]);
        Assert.Equal(1 + 2 * 2, lines.Length);
    }

    [Fact]
    public async Task Aggregates_sum_city_level_figures_by_province_and_region()
    {
        var regionOf = Regions();
        var (now, national) = (Effective("2025"), National("2025"));
        foreach (var by in new[] { "province", "region" })
        {
            Func<string, string> keyOf = by == "province" ? c => c[..2] : c => regionOf[c[..2]];
            var expected = now.Values.GroupBy(c => keyOf(c.CityCode)).Select(g => (Key: g.Key, Value: g.Sum(c => c.Total), Cities: g.Count()))
                .OrderByDescending(g => g.Value).ThenBy(g => g.Key, StringComparer.Ordinal).ToList();
            var entries = (await SeededGet($"/api/aggregates/2025?by={by}")).GetProperty("entries");
            Assert.Equal(expected.Select(e => (e.Key, e.Value, e.Cities)), entries.EnumerateArray().Select(e =>
                (e.GetProperty("key").GetString()!, e.GetProperty("value").GetDecimal(), e.GetProperty("cities").GetInt32())));
            Assert.Equal(Math.Round(expected[0].Value / national * 100m, 2, MidpointRounding.AwayFromZero), entries[0].GetProperty("sharePct").GetDecimal());
        }
    }

    [Fact]
    public async Task Cities_list_the_registry_and_reported_cities_by_English_or_Chinese_name()
    {
        var byZh = await SeededGet($"/api/cities?q={Uri.EscapeDataString("金华")}");
        var jinhua = Assert.Single(byZh.GetProperty("entries").EnumerateArray());
        Assert.Equal(("330700", "Jinhua", "Zhejiang", "33", "east", "city", "2024", "2025"),
            (jinhua.GetProperty("cityCode").GetString(), jinhua.GetProperty("name").GetString(), jinhua.GetProperty("province").GetString(),
             jinhua.GetProperty("provinceCode").GetString(), jinhua.GetProperty("region").GetString(), jinhua.GetProperty("level").GetString(),
             jinhua.GetProperty("firstPeriod").GetString(), jinhua.GetProperty("lastPeriod").GetString()));
        var counties = await _system.Gateway.GetJsonAsync("/api/cities?level=county&province=zhejiang");
        Assert.Equal(["330782"], Codes(counties.GetProperty("entries")));
        var registry = File.ReadAllLines(TestEnvironment.SampleData("cities.csv")).Skip(1).Count(l => l.StartsWith("44"));
        Assert.Equal(registry, (await _system.Gateway.GetJsonAsync("/api/cities?province=44")).GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task As_of_a_moment_movers_and_history_show_what_was_published_by_then()
    {
        // Before the Tianjin revision was published: Tianjin's total is the preliminary one.
        var revision = Read("2025-annual-revised-tianjin.json");
        var before = revision.PublishedAt.AddSeconds(-1).UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ");
        var preliminary = Read("2025-annual-preliminary.json").Cities.Single(c => c.CityCode == "120000");
        var history = await SeededGet($"/api/cities/120000/history?asOf={before}");
        var p2025 = history.GetProperty("periods").EnumerateArray().Single(p => p.GetProperty("period").GetString() == "2025");
        Assert.Equal(preliminary.Total, p2025.GetProperty("effective").GetProperty("value").GetDecimal());
        Assert.Empty(p2025.GetProperty("superseded").EnumerateArray());
        var movers = await _system.Gateway.GetJsonAsync($"/api/movers/2025?top=50&asOf={before}");
        Assert.Contains("120000", Codes(movers.GetProperty("steepestDecline")));
        var now = await _system.Gateway.GetJsonAsync("/api/movers/2025?top=50");
        Assert.DoesNotContain("120000", Codes(now.GetProperty("steepestDecline")));
    }

    [Fact]
    public async Task Periods_list_newest_end_first_then_the_longer_span()
    {
        await _system.PushAllAsync([
            TestReleases.Json("seed-2025-12-month", "2025-12", [("440300", 4000m)], publishedAt: "2026-01-10T08:00:00+08:00")]);
        var periods = (await _system.Gateway.GetJsonAsync("/api/periods")).EnumerateArray().Select(p => p.GetProperty("period").GetString()!).ToList();
        Assert.True(periods.IndexOf("2025") < periods.IndexOf("2025-12") && periods.IndexOf("2025-12") < periods.IndexOf("2024"), string.Join(",", periods));
    }

    [Fact]
    public async Task Every_read_endpoint_answers_csv_when_asked()
    {
                string[] paths = ["/api/rankings/2025", "/api/movers/2025", "/api/cities/440300/history", "/api/series?cities=440300",
            "/api/aggregates/2025", "/api/cities", "/api/periods"];
        foreach (var path in paths)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, path);
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/csv"));
            using var response = await _system.Gateway.SendAsync(request);
            var body = await response.Content.ReadAsStringAsync();
            Assert.True(response.IsSuccessStatusCode, $"{path}: {(int)response.StatusCode} {body}");
            Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
            Assert.Equal("utf-8", response.Content.Headers.ContentType?.CharSet);
            Assert.True(body.Split("\r\n").Length > 2, path);
        }
        var ranking = await _system.Gateway.GetStringAsync("/api/rankings/2025?format=csv&top=1", HttpStatusCode.OK);
        var lines = ranking.TrimEnd().Split("\r\n");
        Assert.StartsWith("rank,cityCode,name,nameZh,province,provinceZh,value", lines[0]);
        Assert.StartsWith($"1,440300,Shenzhen,深圳,Guangdong,广东,{Effective("2025")["440300"].Total}", lines[1]);
        var movers = await _system.Gateway.GetStringAsync("/api/movers/2025?format=csv", HttpStatusCode.OK);
        Assert.StartsWith("list,", movers);
        Assert.Contains("\r\nmilestones,330700,", movers);
    }
}
