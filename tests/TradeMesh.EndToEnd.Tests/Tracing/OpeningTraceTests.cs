using Microsoft.Playwright;

namespace TradeMesh.EndToEnd.Tests.Tracing;

/// <summary>
/// From a release to its trace in one click, in Debian's headless chromium: the dashboard's release
/// list links to the release's traceUrl, and that link opens the viewer's page of that trace, which
/// shows spans of all three services. The page is saved as TestResults/trace-page.png. `trademesh
/// status` prints the same link.
/// </summary>
[Collection(TracedCollection.Name)]
public sealed class OpeningTraceTests(TracedSystemFixture fixture)
{
    private static readonly string[] Services = ["TradeMesh.Gateway", "TradeMesh.Ingestion", "TradeMesh.Projections"];

    [Fact]
    public async Task The_dashboard_links_a_release_to_the_viewer_page_of_its_trace()
    {
        var system = fixture.System;
        var id = TestReleases.UniqueId("opened");
        using var response = await system.PostReleaseAsync(TestReleases.Json(id, "2112", [(TestCodes.City(3), 12), (TestCodes.City(4), 8)]));
        var traceUrl = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("traceUrl").GetString()!;
        await system.WaitAppliedAsync(id);
        var traceId = (await system.Gateway.GetJsonAsync($"/api/releases/{id}")).GetProperty("traceId").GetString()!;
        // The page shows what the viewer holds when it opens: wait until every service's spans are in.
        await TraceViewer.WaitForAsync(() => fixture.Viewer.TraceAsync(traceId),
            trace => Services.All(name => trace.Any(s => s.ServiceName == name)), TimeSpan.FromSeconds(60), t => string.Join('\n', t));

        Assertions.SetDefaultExpectTimeout(30_000);
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.LaunchHeadlessAsync();
        var page = await browser.NewPageAsync(new() { ViewportSize = new() { Width = 1600, Height = 1000 } });
        await page.GotoAsync(system.GatewayAddress.ToString());
        var link = page.Locator($"#releases > li.release[data-release-id=\"{id}\"] a.trace");
        await Assertions.Expect(link).ToHaveAttributeAsync("href", traceUrl);

        await link.ClickAsync();
        await page.WaitForURLAsync(traceUrl);
        try
        {
            // The trace page names its trace and lists the spans of every service it passed through.
            await Assertions.Expect(page.GetByText(traceId[..7]).First).ToBeVisibleAsync();
            foreach (var service in Services)
                await Assertions.Expect(page.GetByText(service).First).ToBeVisibleAsync();
        }
        finally
        {
            // Kept either way: what the page showed is the first thing to look at when it failed.
            await page.ScreenshotAsync(new() { Path = Path.Combine(Results, "trace-page.png"), FullPage = true });
            await File.WriteAllTextAsync(Path.Combine(Results, "trace-page.html"), await page.ContentAsync());
        }
    }

    [Fact]
    public async Task Trademesh_status_prints_the_trace_link_of_the_release()
    {
        var system = fixture.System;
        var id = TestReleases.UniqueId("cli-traced");
        using var response = await system.PostReleaseAsync(TestReleases.Json(id, "2112", [(TestCodes.City(6), 5)]));
        var traceUrl = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("traceUrl").GetString()!;
        Assert.StartsWith(fixture.Viewer.Address.ToString(), traceUrl);
        await system.WaitAppliedAsync(id);

        var dll = Path.Combine(TestEnvironment.RepoRoot, "tools", "TradeMesh.Cli", "bin", TestEnvironment.Configuration, "net10.0", "trademesh.dll");
        var info = new ProcessStartInfo("dotnet", [dll, "status", id, "--gateway", system.GatewayAddress.ToString()])
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        };
        using var cli = Process.Start(info)!;
        var output = cli.StandardOutput.ReadToEndAsync();
        var errors = await cli.StandardError.ReadToEndAsync();
        await cli.WaitForExitAsync(new CancellationTokenSource(TimeSpan.FromSeconds(120)).Token);
        Assert.True(cli.ExitCode == 0, errors);
        Assert.Contains($"traceUrl   {traceUrl}", (await output).Split(Environment.NewLine));
    }

    private static string Results => Path.Combine(TestEnvironment.RepoRoot, "TestResults");
}
