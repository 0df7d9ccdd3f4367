namespace TradeMesh.EndToEnd.Tests.Rankings;

/// <summary>
/// Series points are stored with each city's history, apart from the rankings: they must still be
/// exactly the rankings' entries when a revision moves the ranks of cities it does not name, when
/// it changes the growth of the following year, as of a moment before it, and after a rebuild.
/// Periods 2181-2182 are used by no other test.
/// </summary>
[Collection(SystemCollection.Name)]
public sealed class SeriesPointsTests(SystemFixture fixture)
{
    private readonly TradeMeshSystem _system = fixture.System;
    private static readonly string[] Cities = ["652100", "652200", "652300"];
    private static readonly string[] Fields = ["value", "rank", "sharePct", "yoyPct", "stage", "releaseId"];

    /// <summary>Every point of the three cities against the same city's entry of that period's ranking.</summary>
    private async Task AssertPointsAreRankingEntriesAsync(string query = "")
    {
        var series = await _system.Gateway.GetJsonAsync($"/api/series?cities={string.Join(",", Cities)}&from=2181&to=2182{query}");
        Assert.Equal(["2181", "2182"], series.GetProperty("periods").EnumerateArray().Select(p => p.GetString()));
        foreach (var period in new[] { "2181", "2182" })
        {
            var entries = (await _system.Gateway.GetJsonAsync($"/api/rankings/{period}?top=5000{query}")).GetProperty("entries")
                .EnumerateArray().ToDictionary(e => e.GetProperty("cityCode").GetString()!);
            foreach (var city in series.GetProperty("series").EnumerateArray())
            {
                var point = city.GetProperty("points").EnumerateArray().Single(p => p.GetProperty("period").GetString() == period);
                var entry = entries[city.GetProperty("cityCode").GetString()!];
                foreach (var field in Fields) Assert.Equal(entry.GetProperty(field).GetRawText(), point.GetProperty(field).GetRawText());
            }
        }
    }

    private async Task<JsonElement> PointAsync(string city, string period, string query = "") =>
        (await _system.Gateway.GetJsonAsync($"/api/series?cities={city}&from=2181&to=2182{query}")).GetProperty("series")[0]
            .GetProperty("points").EnumerateArray().Single(p => p.GetProperty("period").GetString() == period);

    [Fact]
    public async Task Points_follow_the_rankings_through_a_revision_of_the_earlier_year_as_of_before_it_and_after_a_rebuild()
    {
        (string, decimal)[] first = [(Cities[0], 300m), (Cities[1], 200m), (Cities[2], 100m)];
        (string, decimal)[] second = [(Cities[0], 330m), (Cities[1], 180m), (Cities[2], 150m)];
        await _system.PushAllAsync([
            TestReleases.Json(TestReleases.UniqueId("series-2181"), "2181", first, publishedAt: "2026-01-20T08:00:00+08:00"),
            TestReleases.Json(TestReleases.UniqueId("series-2182"), "2182", second, publishedAt: "2026-01-21T08:00:00+08:00"),
        ]);
        await AssertPointsAreRankingEntriesAsync();

        // Revised after the later year arrived: the third city now leads 2181, so the other two move
        // down without a figure of theirs changing, and its 2182 growth compares with the revision.
        const decimal revised = 400m;
        await _system.PushAllAsync([TestReleases.Json(TestReleases.UniqueId("series-2181-revised"), "2181", [(Cities[2], revised)],
            stage: "revised", publishedAt: "2026-03-01T08:00:00+08:00")]);
        var after = first.Select(c => c.Item1 == Cities[2] ? (c.Item1, revised) : c).OrderByDescending(c => c.Item2).Select(c => c.Item1).ToList();
        for (var i = 0; i < after.Count; i++)
            Assert.Equal(i + 1, (await PointAsync(after[i], "2181")).GetProperty("rank").GetInt32());
        var growth = Math.Round((second[2].Item2 / revised - 1m) * 100m, 2, MidpointRounding.AwayFromZero);
        Assert.Equal(growth, (await PointAsync(Cities[2], "2182")).GetProperty("yoyPct").GetDecimal());
        await AssertPointsAreRankingEntriesAsync();

        // As of a moment before the revision: the first figures, as the rankings then.
        const string before = "&asOf=2026-02-01T00:00:00Z";
        Assert.Equal(first[2].Item2, (await PointAsync(Cities[2], "2181", before)).GetProperty("value").GetDecimal());
        await AssertPointsAreRankingEntriesAsync(before);

        // A rebuild writes the same points from the stored events.
        using var projections = _system.DirectClient(_system.Projections, admin: true, timeout: TimeSpan.FromMinutes(3));
        using (var rebuild = await projections.PostAsync("admin/rebuild?wait=120", null)) Assert.Equal(System.Net.HttpStatusCode.OK, rebuild.StatusCode);
        await AssertPointsAreRankingEntriesAsync();
        Assert.Equal(growth, (await PointAsync(Cities[2], "2182")).GetProperty("yoyPct").GetDecimal());
    }
}
