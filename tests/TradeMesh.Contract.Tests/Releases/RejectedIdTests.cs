namespace TradeMesh.Contract.Tests.Releases;

/// <summary>
/// A release refused over HTTP, at the status URL of ingestion and the /changes of the projection
/// service, on services of its own: the test posts the sample's own release id, which must be free.
/// </summary>
public sealed class RejectedIdTests(EmptyServices services) : IClassFixture<EmptyServices>
{
    private const string Preliminary = "2025-annual-preliminary.json";

    [Fact]
    public async Task A_release_refused_over_http_is_rejected_at_its_status_url_and_its_id_stays_free()
    {
        var good = File.ReadAllText(TestEnvironment.SampleData(Preliminary));
        var id = SpecRelease.Parse(good).ReleaseId;
        var bad = good.Replace("\"stage\": \"preliminary\"", "\"stage\": \"final\"").Replace("\"cityCode\": \"440300\"", "\"cityCode\": \"440000\"");
        Assert.NotEqual(good, bad);

        using var refused = await services.PostReleaseAsync(bad);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        var reasons = JsonDocument.Parse(await refused.Content.ReadAsStringAsync()).RootElement.GetProperty("reasons")
            .EnumerateArray().Select(r => r.GetString()).ToList();
        Assert.Contains(reasons, r => r!.StartsWith("stage:", StringComparison.Ordinal));
        Assert.Contains(reasons, r => r!.Contains("440000", StringComparison.Ordinal));

        var status = await services.Ingestion.GetJsonAsync($"/api/releases/{id}");
        Assert.Equal("rejected", status.GetProperty("status").GetString());
        Assert.Equal(reasons, status.GetProperty("reasons").EnumerateArray().Select(r => r.GetString()));
        await services.Projections.GetStringAsync($"/api/releases/{id}/changes", HttpStatusCode.NotFound);

        // The corrected release takes the same id.
        await services.PushAllAsync([good]);
        status = await services.Ingestion.GetJsonAsync($"/api/releases/{id}");
        Assert.Equal(("applied", 0), (status.GetProperty("status").GetString(), status.GetProperty("reasons").GetArrayLength()));
    }
}
