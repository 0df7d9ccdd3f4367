using System.Collections.Concurrent;
using Microsoft.Playwright;

namespace TradeMesh.EndToEnd.Tests.Dashboard;

/// <summary>
/// The dashboard's "latest releases" panel in Debian's headless chromium: it follows /api/feed, so
/// a release pushed while the page is open shows up with its digest and warnings, and the ranking
/// follows, without a reload and without polling.
/// </summary>
public sealed class ReleasesPanelTests
{
    private static string Sample(string file) => File.ReadAllText(TestEnvironment.SampleData(file));

    [Fact]
    public async Task A_release_pushed_while_the_page_is_open_appears_with_its_digest_and_warnings()
    {
        await using var system = await TradeMeshSystem.StartAsync("releases_panel");
        await system.PushAllAsync([Sample("2024-annual-official.json"), Sample("2025-annual-preliminary.json")]);

        Assertions.SetDefaultExpectTimeout(20_000);
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.LaunchHeadlessAsync();
        var page = await browser.NewPageAsync();
        var scriptErrors = new ConcurrentQueue<string>();
        page.PageError += (_, error) => scriptErrors.Enqueue(error);
        await page.GotoAsync(system.GatewayAddress.ToString());

        var releases = page.Locator("#releases > li.release");
        await Assertions.Expect(releases).ToHaveCountAsync(2);
        await Assertions.Expect(page.Locator("#releases-meta")).ToHaveTextAsync("Live");
        await Assertions.Expect(page.Locator("#ranking .bar[data-city=\"120000\"] .value")).ToHaveTextAsync("8,400");
        await page.EvaluateAsync("() => { window.sameDocument = true; }");

        var revision = SpecRelease.Parse(Sample("2025-annual-revised-tianjin.json"));
        await system.PushAllAsync([Sample("2025-annual-revised-tianjin.json")]);
        var first = releases.First;
        await Assertions.Expect(first).ToHaveAttributeAsync("data-release-id", revision.ReleaseId);
        await Assertions.Expect(first.Locator(".digest li").First).ToContainTextAsync("Tianjin total 8400");
        await Assertions.Expect(first.Locator(".digest li").First).ToContainTextAsync("8560");
        await Assertions.Expect(first.Locator($"a[href=\"/api/releases/{revision.ReleaseId}/changes\"]")).ToHaveCountAsync(1);
        await Assertions.Expect(first.Locator(".trace")).ToHaveCountAsync(1);
        // The ranking followed the feed.
        await Assertions.Expect(page.Locator("#ranking .bar[data-city=\"120000\"] .value")).ToHaveTextAsync("8,560");

        var slip = SpecRelease.Parse(Sample("warning-examples/2025-xian-unit-slip.json"));
        await system.PushAllAsync([Sample("warning-examples/2025-xian-unit-slip.json")]);
        await Assertions.Expect(first).ToHaveAttributeAsync("data-release-id", slip.ReleaseId);
        await Assertions.Expect(first.Locator(".warnings li")).ToHaveCountAsync(3);
        foreach (var code in new[] { "province-mismatch", "scale-jump", "yoy-mismatch" })
            await Assertions.Expect(first.Locator($".warnings li.{code}")).ToHaveCountAsync(1);
        await Assertions.Expect(releases).ToHaveCountAsync(4);

        Assert.True(await page.EvaluateAsync<bool>("() => window.sameDocument === true"), "the page reloaded");
        await page.ScreenshotAsync(new() { Path = Path.Combine(TestEnvironment.RepoRoot, "TestResults", "dashboard-releases.png"), FullPage = true });
        Assert.Empty(scriptErrors);
    }
}
