namespace TradeMesh.Contract.Tests.Analyst;

/// <summary>The common query parameters of the projection service refused or answered 404, on the analyst's sample data.</summary>
[Collection(InProcessCollection.Name)]
public sealed class AnalystQueryTests(SeededServices services)
{
    [Theory]
    [InlineData("/api/rankings/2025?top=abc", "top")]
    [InlineData("/api/rankings/2025?offset=x", "offset")]
    [InlineData("/api/rankings/2025?province=Atlantis", "province")]
    [InlineData("/api/rankings/2025?unit=USD", "unit")]
    [InlineData("/api/rankings/2025?level=town", "level")]
    [InlineData("/api/rankings/2025?format=xml", "format")]
    [InlineData("/api/rankings/2025?asOf=2026-02-01", "asOf")]
    [InlineData("/api/rankings/2025?asOf=02/01/2026", "asOf")]
    [InlineData("/api/movers/2025?top=abc", "top")]
    [InlineData("/api/movers/2025?asOf=2026-02-01", "asOf")]
    [InlineData("/api/cities/440300/history?asOf=02/01/2026", "asOf")]
    [InlineData("/api/cities/440300/history?unit=yuan", "unit")]
    [InlineData("/api/series", "cities")]
    [InlineData("/api/series?cities=440300,440300", "cities")]
    [InlineData("/api/series?cities=440000", "cities")]
    [InlineData("/api/series?cities=330782", "cities")]
    [InlineData("/api/series?cities=1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21", "cities")]
    [InlineData("/api/series?cities=440300&shape=week", "shape")]
    [InlineData("/api/series?cities=440300&from=2024-01", "from")]
    [InlineData("/api/series?cities=440300&to=abc", "to")]
    [InlineData("/api/aggregates/2025?by=city", "by")]
    [InlineData("/api/aggregates/20x5", "period")]
    [InlineData("/api/aggregates/2025?measure=gdp", "measure")]
    [InlineData("/api/cities?province=Narnia", "province")]
    [InlineData("/api/cities?level=village", "level")]
    [InlineData("/api/cities?top=0", "top")]
    [InlineData("/api/periods?format=pdf", "format")]
    public async Task Every_bad_parameter_is_a_400_problem_naming_it(string path, string parameter)
    {
        using var response = await services.Projections.GetAsync(path);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{path}: {(int)response.StatusCode} {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains(JsonDocument.Parse(body).RootElement.GetProperty("reasons").EnumerateArray(), r => r.GetString()!.StartsWith(parameter + ":"));
    }

    [Theory]
    [InlineData("/api/movers/2024?measure=imports")] // the 2024 sample reports no imports
    [InlineData("/api/movers/1999")]
    [InlineData("/api/aggregates/1999")]
    [InlineData("/api/series?cities=449900")] // a well-formed city code nobody reported or registered
    [InlineData("/api/rankings/2025?level=county&asOf=2026-01-21T00:00:00Z")]
    public async Task What_has_no_data_is_a_404_problem(string path)
    {
        using var response = await services.Projections.GetAsync(path);
        Assert.True(response.StatusCode == HttpStatusCode.NotFound, $"{path}: {(int)response.StatusCode}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }
}
