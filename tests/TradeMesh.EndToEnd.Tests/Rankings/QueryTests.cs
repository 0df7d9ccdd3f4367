namespace TradeMesh.EndToEnd.Tests.Rankings;

/// <summary>
/// Measures, YTD periods, ties and filters, on the shared system. The 400 and 404 answers to bad
/// questions are tested in process (TradeMesh.Contract.Tests, Rankings).
/// </summary>
[Collection(SystemCollection.Name)]
public sealed class QueryTests(SystemFixture fixture)
{
    private readonly TradeMeshSystem _system = fixture.System;

    private static string Release(string id, string period, string stage, string publishedAt, string cities, string unit = "CNY_100M", string national = "null") =>
        $$"""{"releaseId":"{{id}}","period":"{{period}}","stage":"{{stage}}","unit":"{{unit}}","publishedAt":"{{publishedAt}}","nationalTotal":{{national}},"cities":[{{cities}}]}""";

    private static string City(string code, decimal total, decimal? exports = null, decimal? imports = null, string province = "Alpha") =>
        $$"""{"cityCode":"{{code}}","name":"N{{code}}","province":"{{province}}","total":{{total}},"exports":{{(exports is null ? "null" : exports)}},"imports":{{(imports is null ? "null" : imports)}}}""";

    [Fact]
    public async Task Ytd_periods_rank_every_measure_with_ties_and_compare_with_the_same_months_a_year_earlier()
    {
        var tag = Guid.NewGuid().ToString("N")[..8];
        var releases = new[]
        {
            Release($"ytd-a-{tag}", "2050-06-YTD", "official", "2050-07-10T00:00:00Z",
                string.Join(",", City("650100", 100, 60, 40), City("640100", 100, 50, 50, "Beta"), City("654000", 80, 20, 60), City("652300", 120))),
            Release($"ytd-b-{tag}", "2051-06-YTD", "preliminary", "2051-07-10T00:00:00Z",
                string.Join(",", City("650100", 90, 45, 45), City("640100", 130, 70, 60, "Beta"), City("654000", 130, 90, 40), City("652300", 60)), national: "1000"),
            // December's YTD is the year itself.
            Release($"ytd-c-{tag}", "2050-12-YTD", "official", "2051-01-10T00:00:00Z", City("650100", 300)),
        };
        await _system.PushAllAsync(releases);
        var oracle = new SpecOracle([.. releases.Select(SpecRelease.Parse)]);

        foreach (var measure in new[] { "total", "exports", "imports" })
        {
            ApiAssert.RankingEquals(oracle.Ranking("2051-06-YTD", measure), await _system.Gateway.GetJsonAsync($"/api/rankings/2051-06-YTD?measure={measure}"));
            ApiAssert.MoversEqual(oracle.Movers("2051-06-YTD", measure), await _system.Gateway.GetJsonAsync($"/api/movers/2051-06-YTD?measure={measure}"));
        }
        var ties = await _system.Gateway.GetJsonAsync("/api/rankings/2051-06-YTD");
        Assert.Equal([1, 1, 3, 4], ties.GetProperty("entries").EnumerateArray().Select(e => e.GetProperty("rank").GetInt32()));

        var year = await _system.Gateway.GetJsonAsync("/api/rankings/2050");
        Assert.Equal(300m, year.GetProperty("entries")[0].GetProperty("value").GetDecimal());
        Assert.Equal(year.GetRawText(), (await _system.Gateway.GetJsonAsync("/api/rankings/2050-12-YTD")).GetRawText());

        // "Beta" names no mainland province: the filter refuses it rather than answering an empty slice.
        await _system.Gateway.GetStringAsync("/api/rankings/2051-06-YTD?province=Beta", System.Net.HttpStatusCode.BadRequest);
        var beta = await _system.Gateway.GetJsonAsync("/api/rankings/2051-06-YTD?province=Ningxia");
        var expected = oracle.Ranking("2051-06-YTD").Entries.Where(e => e.Province == "Ningxia").ToList();
        Assert.Equal(expected.Select(e => (e.CityCode, e.Rank)),
            beta.GetProperty("entries").EnumerateArray().Select(e => (e.GetProperty("cityCode").GetString()!, e.GetProperty("rank").GetInt32())));
    }
}
