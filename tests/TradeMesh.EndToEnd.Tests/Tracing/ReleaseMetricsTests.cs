using Microsoft.Playwright;

namespace TradeMesh.EndToEnd.Tests.Tracing;

/// <summary>
/// TradeMesh's meters reach the trace viewer: after a release is applied its Metrics page shows the
/// push-to-applied histogram of the projection service and the accepted counter of ingestion. The
/// viewer's query API serves traces and logs but no metrics (13.6.5 answers 404 under
/// /api/telemetry/metrics), so this reads its page in Debian's headless chromium.
/// </summary>
[Collection(TracedCollection.Name)]
public sealed class ReleaseMetricsTests(TracedSystemFixture fixture)
{
    [Theory]
    [InlineData("TradeMesh.Projections", "trademesh.release.push_to_applied", "From a release's acceptance to every read model including it")]
    [InlineData("TradeMesh.Projections", "trademesh.events.appended", "CityTradeReported events stored")]
    [InlineData("TradeMesh.Ingestion", "trademesh.releases.accepted", "Releases whose events the broker confirmed")]
    public async Task The_viewer_shows_the_metric_once_a_release_is_applied(string service, string instrument, string description)
    {
        var id = TestReleases.UniqueId("metered");
        using (var response = await fixture.System.PostReleaseAsync(TestReleases.Json(id, "2113", [(TestCodes.City(5), 7)])))
            response.EnsureSuccessStatusCode();
        await fixture.System.WaitAppliedAsync(id);

        Assertions.SetDefaultExpectTimeout(30_000);
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.LaunchHeadlessAsync();
        var page = await browser.NewPageAsync(new() { ViewportSize = new() { Width = 1600, Height = 1000 } });
        await page.GotoAsync(new Uri(fixture.Viewer.Address, $"metrics/resource/{service}").ToString());
        try
        {
            // The page lists the service's instruments by meter; the description comes from the
            // instrument itself, shown once it is picked.
            await page.Locator($"fluent-tree-item[title=\"{instrument}\"]").ClickAsync();
            await Assertions.Expect(page.GetByText(description).First).ToBeVisibleAsync();
        }
        finally
        {
            var results = Path.Combine(TestEnvironment.RepoRoot, "TestResults");
            await page.ScreenshotAsync(new() { Path = Path.Combine(results, $"metric-{instrument}.png"), FullPage = true });
        }
    }
}
