namespace TradeMesh.EndToEnd.Tests.Rankings;

/// <summary>
/// The sample releases of deploy/sample-data, sent through the gateway to the running system,
/// give the answers of docs/api.md: computed here by <see cref="SpecOracle"/>, never pasted.
/// </summary>
[Collection(SystemCollection.Name)]
public sealed class GoldenSampleTests(SystemFixture fixture)
{
    private readonly TradeMeshSystem _system = fixture.System;

    private static SpecRelease Sample(string file) => SpecRelease.Parse(File.ReadAllText(TestEnvironment.SampleData(file)));

    private Task<JsonElement> GetJsonAsync(string path) => _system.Gateway.GetJsonAsync(path);

    [Fact]
    public async Task Sample_2024_and_2025_releases_give_the_spec_ranking_and_movers_through_the_gateway()
    {
        await _system.PushAllAsync([.. new[] { "2025-annual-preliminary.json", "2024-annual-official.json" }
            .Select(f => File.ReadAllText(TestEnvironment.SampleData(f)))]);
        var oracle = new SpecOracle([Sample("2024-annual-official.json"), Sample("2025-annual-preliminary.json")]);

        var ranking = await GetJsonAsync("/api/rankings/2025");
        var expected = oracle.Ranking("2025");
        Assert.Equal(22, expected.Entries.Count);
        ApiAssert.RankingEquals(expected, ranking);

        // The anchors docs/api.md and the sample README name outright.
        var entries = ranking.GetProperty("entries");
        Assert.Equal("440300", entries[0].GetProperty("cityCode").GetString());
        Assert.Equal(JsonValueKind.Null, entries[0].GetProperty("gapToAbove").ValueKind);
        Assert.Equal(400m, entries[1].GetProperty("gapToAbove").GetDecimal());

        ApiAssert.MoversEqual(oracle.Movers("2025"), await GetJsonAsync("/api/movers/2025"));
        ApiAssert.RankingEquals(oracle.Ranking("2025"), await GetJsonAsync("/api/rankings/2025?top=5"), top: 5);
    }
}
