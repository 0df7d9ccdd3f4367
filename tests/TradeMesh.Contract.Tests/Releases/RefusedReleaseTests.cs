namespace TradeMesh.Contract.Tests.Releases;

/// <summary>POST /api/releases at the ingestion service: what it refuses, with every reason as problem+json.</summary>
[Collection(InProcessCollection.Name)]
public sealed class RefusedReleaseTests(SeededServices services)
{
    [Fact]
    public async Task An_invalid_release_is_refused_whole_with_every_reason_as_problem_json()
    {
        var id = TestReleases.UniqueId("bad");
        var body = TestReleases.Json(id, "2031", [("110000", 5), ("110000", 6), ("12", -1)], stage: "final");

        using var response = await services.PostReleaseAsync(body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var reasons = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("reasons")
            .EnumerateArray().Select(r => r.GetString()!).ToList();
        Assert.Contains(reasons, r => r.StartsWith("stage:"));
        Assert.Contains(reasons, r => r.StartsWith("cities[1].cityCode:"));
        Assert.Contains(reasons, r => r.StartsWith("cities[2].cityCode:"));
        Assert.Contains(reasons, r => r.StartsWith("cities[2].total:"));

        // Nothing of it was applied: it is recorded as rejected, with the same reasons.
        var status = await services.Ingestion.GetJsonAsync($"/api/releases/{id}");
        Assert.Equal("rejected", status.GetProperty("status").GetString());
        Assert.Equal(0, status.GetProperty("applied").GetInt32());
        Assert.Equal(reasons.Count, status.GetProperty("reasons").GetArrayLength());
    }

    [Fact]
    public async Task A_bad_csv_cites_row_and_column()
    {
        var csv = "cityCode,name,province,total,exports,imports,yoyPct\n440300,Shenzhen,Guangdong,abc,,,\n44030,Nowhere,,5,,,\n310000,Shanghai,Shanghai,-1,,,x\n";
        using var response = await services.Ingestion.PostAsync("/api/releases?releaseId=bad-csv&period=2102&stage=official&unit=CNY_100M&publishedAt=2026-01-01T00:00:00Z",
            new StringContent(csv, Encoding.UTF8, "text/csv"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var reasons = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("reasons")
            .EnumerateArray().Select(r => r.GetString()!).ToList();
        Assert.Contains(reasons, r => r.StartsWith("row 2, column total:"));
        Assert.Contains(reasons, r => r.StartsWith("row 3, column cityCode:"));
        Assert.Contains(reasons, r => r.StartsWith("row 4, column total:"));
        Assert.Contains(reasons, r => r.StartsWith("row 4, column yoyPct:"));
    }
}
