namespace TradeMesh.EndToEnd.Tests.Rankings;

/// <summary>
/// A rebuild runs apart from the request: asked not to wait it answers 202 at once and goes on
/// (a large store outlasts the gateway's timeout); GET /admin/rebuild then shows it succeed.
/// </summary>
[Collection(SystemCollection.Name)]
public sealed class RebuildRunTests(SystemFixture fixture)
{
    private readonly TradeMeshSystem _system = fixture.System;

    [Fact]
    public async Task A_rebuild_asked_not_to_wait_answers_202_and_its_status_shows_it_succeed()
    {
        await _system.PushAllAsync([TestReleases.Json(TestReleases.UniqueId("rebuild-run"), "2098", [("650100", 5m)])]);
        using var projections = _system.DirectClient(_system.Projections, admin: true);

        using (var started = await projections.PostAsync("admin/rebuild?wait=0", null))
        {
            Assert.Equal(HttpStatusCode.Accepted, started.StatusCode);
            Assert.Equal("/admin/rebuild", started.Headers.Location?.OriginalString);
            Assert.Equal("running", JsonDocument.Parse(await started.Content.ReadAsStringAsync()).RootElement.GetProperty("state").GetString());
        }

        var deadline = DateTime.UtcNow.AddSeconds(60);
        JsonElement status;
        do
        {
            await Task.Delay(200);
            status = await projections.GetJsonAsync("admin/rebuild");
        } while (status.GetProperty("state").GetString() == "running" && DateTime.UtcNow < deadline);
        Assert.Equal("succeeded", status.GetProperty("state").GetString());
        Assert.True(status.GetProperty("result").GetProperty("events").GetInt64() >= 1);

        // Waiting (the default, up to 20 s) answers the result itself, as before.
        using var waited = await projections.PostAsync("admin/rebuild", null);
        Assert.Equal(HttpStatusCode.OK, waited.StatusCode);
        Assert.True(JsonDocument.Parse(await waited.Content.ReadAsStringAsync()).RootElement.GetProperty("events").GetInt64() >= 1);
    }
}
