namespace TradeMesh.EndToEnd.Tests.Releases;

/// <summary>CSV over HTTP, body limits and a release of 5,000 cities (a bad CSV's reasons: TradeMesh.Contract.Tests, Releases).</summary>
[Collection(SystemCollection.Name)]
public sealed class CsvAndLimitsTests(SystemFixture fixture)
{
    private readonly TradeMeshSystem _system = fixture.System;

    private static string CsvQuery(string releaseId, string period, JsonElement json) =>
        $"?releaseId={releaseId}&period={period}&stage={json.GetProperty("stage").GetString()}&unit={json.GetProperty("unit").GetString()}" +
        $"&publishedAt={Uri.EscapeDataString(json.GetProperty("publishedAt").GetString()!)}&nationalTotal={json.GetProperty("nationalTotal").GetDecimal()}";

    private async Task<HttpResponseMessage> PostCsvAsync(string query, string csv) =>
        await _system.Gateway.PostAsync("/api/releases" + query, new StringContent(csv, Encoding.UTF8, "text/csv"));

    [Fact]
    public async Task The_sample_csv_gives_the_same_ranking_as_the_sample_json()
    {
        var json = JsonDocument.Parse(File.ReadAllText(TestEnvironment.SampleData("2025-annual-preliminary.json"))).RootElement;
        var csv = File.ReadAllText(TestEnvironment.SampleData("2025-annual-preliminary.csv"));
        var tag = Guid.NewGuid().ToString("N")[..8];

        // The same release under fresh ids and periods of their own, once as CSV and once as JSON.
        using (var response = await PostCsvAsync(CsvQuery($"csv-{tag}", "2101", json), csv))
            Assert.True(response.StatusCode == HttpStatusCode.Accepted, await response.Content.ReadAsStringAsync());
        var asJson = File.ReadAllText(TestEnvironment.SampleData("2025-annual-preliminary.json"))
            .Replace("\"sample-2025-annual-preliminary\"", $"\"json-{tag}\"").Replace("\"period\": \"2025\"", "\"period\": \"2103\"");
        await _system.PushAllAsync([asJson]);
        await _system.WaitAppliedAsync($"csv-{tag}");

        var fromCsv = (await _system.Gateway.GetJsonAsync("/api/rankings/2101?top=100")).GetProperty("entries");
        var fromJson = (await _system.Gateway.GetJsonAsync("/api/rankings/2103?top=100")).GetProperty("entries");
        Assert.Equal(22, fromCsv.GetArrayLength());
        string Comparable(JsonElement e) => string.Join("|", new[] { "rank", "cityCode", "name", "province", "value", "sharePct", "gapToAbove", "yoyPct", "stage" }
            .Select(f => e.GetProperty(f).ToString()));
        Assert.Equal(fromJson.EnumerateArray().Select(Comparable), fromCsv.EnumerateArray().Select(Comparable));

        // Under one id, CSV and JSON with the same figures are the same release.
        var sameId = asJson.Replace("\"period\": \"2103\"", "\"period\": \"2101\"").Replace($"\"json-{tag}\"", $"\"csv-{tag}\"");
        using var again = await _system.PostReleaseAsync(sameId);
        Assert.Equal(HttpStatusCode.Accepted, again.StatusCode);
    }

    [Fact]
    public async Task A_body_over_the_limit_is_413_and_an_unknown_content_type_415()
    {
        var huge = "{\"releaseId\":\"huge\",\"source\":\"" + new string('x', 9 * 1024 * 1024) + "\"}";
        using var tooLarge = await _system.PostReleaseAsync(huge);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, tooLarge.StatusCode);

        using var plain = await _system.PostReleaseAsync("{}", "text/plain");
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, plain.StatusCode);
    }

    [Fact]
    public async Task A_release_of_5000_cities_is_taken_in_one_post()
    {
        var id = TestReleases.UniqueId("big");
        var cities = Enumerable.Range(0, 5_000).Select(i => (TestCodes.City(i), 1m + i % 997)).ToList();
        using (var response = await _system.PostReleaseAsync(TestReleases.Json(id, "2104", cities)))
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        await _system.WaitAppliedAsync(id, TimeSpan.FromSeconds(120));

        // Cities and counties are ranked apart: together they hold every one of the 5,000.
        var ranked = 0;
        foreach (var level in new[] { "city", "county" })
            ranked += (await _system.Gateway.GetJsonAsync($"/api/rankings/2104?top=5000&level={level}")).GetProperty("entries").GetArrayLength();
        Assert.Equal(5_000, ranked);
    }
}
