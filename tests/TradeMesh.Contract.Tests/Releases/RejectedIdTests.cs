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

    [Fact]
    public async Task A_refused_value_with_control_characters_is_shown_escaped_and_stored()
    {
        // A reason quotes the period; PostgreSQL's jsonb refuses \u0000, so a raw NUL made the refusal unstorable (a 503).
        var id = TestReleases.UniqueId("nul");
        using var refused = await services.PostReleaseAsync(TestReleases.Json(id, "\u00002025\u0007", [("650100", 1)]));
        var problem = await HttpAnswers.ProblemAsync(refused, HttpStatusCode.BadRequest);
        var reasons = problem.GetProperty("reasons").EnumerateArray().Select(r => r.GetString()!).ToList();
        Assert.Contains(@"period: '\u00002025\u0007' is not YYYY, YYYY-MM or YYYY-MM-YTD", reasons);
        Assert.DoesNotContain(reasons, r => r.Any(char.IsControl));

        var status = await services.Ingestion.GetJsonAsync($"/api/releases/{id}");
        Assert.Equal("rejected", status.GetProperty("status").GetString());
        Assert.Equal(reasons, status.GetProperty("reasons").EnumerateArray().Select(r => r.GetString()));
    }
}
