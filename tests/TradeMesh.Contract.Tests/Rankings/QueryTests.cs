namespace TradeMesh.Contract.Tests.Rankings;

/// <summary>Clear answers of the projection service to bad questions and to questions it has no data for.</summary>
[Collection(InProcessCollection.Name)]
public sealed class QueryTests(SeededServices services)
{
    [Theory]
    [InlineData("/api/rankings/2025-13", "period")]
    [InlineData("/api/rankings/2025?measure=weight", "measure")]
    [InlineData("/api/rankings/2025?top=0", "top")]
    [InlineData("/api/rankings/2025?asOf=tomorrow", "asOf")]
    [InlineData("/api/movers/20x5", "period")]
    [InlineData("/api/cities/110000/history?measure=gdp", "measure")]
    public async Task A_bad_argument_is_a_400_that_names_it(string path, string argument)
    {
        var body = await services.Projections.GetStringAsync(path, HttpStatusCode.BadRequest);
        var reasons = JsonDocument.Parse(body).RootElement.GetProperty("reasons").EnumerateArray().Select(r => r.GetString()!);
        Assert.Contains(reasons, r => r.StartsWith(argument + ":"));
    }

    [Theory]
    [InlineData("/api/rankings/1999")]
    [InlineData("/api/movers/1999-07")]
    [InlineData("/api/cities/999998/history")]
    public async Task What_has_no_data_is_a_404_problem(string path)
    {
        using var response = await services.Projections.GetAsync(path);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }
}
