using System.Collections.Concurrent;
using Microsoft.Playwright;

namespace TradeMesh.EndToEnd.Tests.Dashboard;

/// <summary>
/// The dashboard the gateway serves at /, driven in Debian's chromium (never a downloaded browser:
/// `playwright install` is not needed) against a system of its own.
/// </summary>
public sealed class DashboardTests
{
    private static string Sample(string file) => File.ReadAllText(TestEnvironment.SampleData(file));

    private static string Screenshot(string file)
    {
        var dir = Path.Combine(TestEnvironment.RepoRoot, "TestResults");
        Directory.CreateDirectory(dir);
        return Path.Combine(dir, file);
    }

    [Fact]
    public async Task Dashboard_shows_ranking_and_movers_refreshes_by_itself_and_shows_names_as_text()
    {
        await using var system = await TradeMeshSystem.StartAsync("dashboard");
        await system.PushAllAsync([Sample("2024-annual-official.json"), Sample("2025-annual-preliminary.json")]);

        Assertions.SetDefaultExpectTimeout(15_000);
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.LaunchHeadlessAsync();
        await using var context = await browser.NewContextAsync(new() { ViewportSize = new() { Width = 1366, Height = 1000 } });
        var page = await context.NewPageAsync();
        var scriptErrors = new ConcurrentQueue<string>();
        page.PageError += (_, error) => scriptErrors.Enqueue(error);
        var rankingStatuses = new ConcurrentQueue<int>();
        page.Response += (_, response) =>
        {
            if (response.Url.Contains("/api/rankings/", StringComparison.Ordinal)) rankingStatuses.Enqueue(response.Status);
        };

        var response = await page.GotoAsync(system.GatewayAddress.ToString());
        Assert.Equal(200, response!.Status);

        // The latest period is the default.
        var period = page.Locator("#period");
        await Assertions.Expect(period).ToHaveValueAsync("2025");

        // The ranking: 20 bars, Shenzhen first with its value, share and growth.
        var bars = page.Locator("#ranking .bar");
        await Assertions.Expect(bars).ToHaveCountAsync(20);
        await Assertions.Expect(bars.First).ToHaveAttributeAsync("data-city", "440300");
        await Assertions.Expect(bars.First.Locator(".name")).ToContainTextAsync("Shenzhen");
        await Assertions.Expect(bars.First.Locator(".value")).ToHaveTextAsync("45,500");
        await Assertions.Expect(bars.First.Locator(".share")).ToHaveTextAsync("10.01%");
        await Assertions.Expect(bars.First.Locator(".growth")).ToHaveTextAsync("+1.4%");
        var tianjin = page.Locator("#ranking .bar[data-city=\"120000\"]");
        await Assertions.Expect(tianjin.Locator(".value")).ToHaveTextAsync("8,400");

        // The movers.
        await Assertions.Expect(page.Locator("#overtakes li", new() { HasTextString = "Dongguan overtook Ningbo" })).ToHaveCountAsync(1);
        await Assertions.Expect(page.Locator("#milestones li", new() { HasTextString = "Jinhua crossed 10,000" })).ToHaveCountAsync(1);
        await Assertions.Expect(page.Locator("#growth li[data-city]")).Not.ToHaveCountAsync(0);

        // It polls with the ETag: unchanged rankings answer 304.
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!rankingStatuses.Contains(304) && DateTime.UtcNow < deadline) await Task.Delay(200);
        Assert.Contains(304, rankingStatuses);

        // Clicking a city shows its history.
        await tianjin.ClickAsync();
        var history = page.Locator("#history");
        await Assertions.Expect(history).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#history-title")).ToHaveTextAsync("Tianjin");
        await Assertions.Expect(history.Locator("tr[data-period=\"2025\"] .value")).ToHaveTextAsync("8,400");

        // A revision pushed meanwhile shows without any reload, in the ranking and the open history.
        await system.PushAllAsync([Sample("2025-annual-revised-tianjin.json")]);
        await Assertions.Expect(tianjin.Locator(".value")).ToHaveTextAsync("8,560", new() { Timeout = 10_000 });
        await Assertions.Expect(history.Locator("tr[data-period=\"2025\"] .value")).ToHaveTextAsync("8,560", new() { Timeout = 10_000 });
        await Assertions.Expect(history.Locator("tr[data-period=\"2025\"] .superseded")).ToHaveTextAsync("preliminary 8,400");

        // Another measure: of the samples only Shenzhen reports its exports.
        await page.Locator("#measure").SelectOptionAsync("exports");
        await Assertions.Expect(page.Locator("#ranking-title")).ToContainTextAsync("exports");
        await Assertions.Expect(bars).ToHaveCountAsync(1);
        await Assertions.Expect(bars.First.Locator(".value")).ToHaveTextAsync("28,000");
        await page.Locator("#measure").SelectOptionAsync("total");
        await Assertions.Expect(bars.First).ToHaveAttributeAsync("data-city", "440300");

        await page.ScreenshotAsync(new() { Path = Screenshot("dashboard.png"), FullPage = true });

        // A phone: one column, nothing wider than the screen.
        await using (var phone = await browser.NewContextAsync(new()
        {
            ViewportSize = new() { Width = 375, Height = 812 },
            DeviceScaleFactor = 2,
            IsMobile = true,
            HasTouch = true,
        }))
        {
            var phonePage = await phone.NewPageAsync();
            phonePage.PageError += (_, error) => scriptErrors.Enqueue(error);
            await phonePage.GotoAsync(system.GatewayAddress.ToString());
            await Assertions.Expect(phonePage.Locator("#ranking .bar")).ToHaveCountAsync(20);
            await Assertions.Expect(phonePage.Locator("#overtakes li").First).ToBeVisibleAsync();
            await phonePage.Locator("#ranking .bar[data-city=\"120000\"]").ClickAsync();
            await Assertions.Expect(phonePage.Locator("#history-title")).ToHaveTextAsync("Tianjin");
            var scrollWidth = await phonePage.EvaluateAsync<int>("() => document.documentElement.scrollWidth");
            Assert.True(scrollWidth <= 375, $"the phone layout is {scrollWidth}px wide");
            await phonePage.ScreenshotAsync(new() { Path = Screenshot("dashboard-phone.png"), FullPage = true });
        }

        // Markup in a name is shown as text, never interpreted.
        await system.PushAllAsync(["""
            {
              "releaseId": "dashboard-markup-2023",
              "source": "Dashboard test",
              "period": "2023",
              "stage": "official",
              "unit": "CNY_100M",
              "publishedAt": "2024-01-20T08:00:00+08:00",
              "cities": [
                { "cityCode": "659900", "name": "<b>Bold</b>", "province": "<i>Test</i>", "total": 123, "exports": null, "imports": null, "yoyPct": null }
              ]
            }
            """]);
        await Assertions.Expect(page.Locator("#period option[value=\"2023\"]")).ToHaveCountAsync(1);
        await Assertions.Expect(period).ToHaveValueAsync("2025"); // a new older period does not move the view
        await period.SelectOptionAsync("2023");
        var bold = page.Locator("#ranking .bar[data-city=\"659900\"]");
        await Assertions.Expect(bold.Locator(".name")).ToHaveTextAsync("<b>Bold</b>");
        await bold.ClickAsync();
        await Assertions.Expect(page.Locator("#history-title")).ToHaveTextAsync("<b>Bold</b>");
        await Assertions.Expect(page.Locator("#history-meta")).ToContainTextAsync("Xinjiang");
        Assert.Equal(0, await page.Locator("b, i").CountAsync());

        Assert.Empty(scriptErrors);
    }
}
