using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.Playwright;
using TradeMesh.Contracts;
using TradeMesh.EndToEnd.Tests.Analyst;

namespace TradeMesh.EndToEnd.Tests.Dashboard;

/// <summary>
/// The dashboard's analyst panel (analyst.js) in Debian's chromium against a system holding the
/// sample releases and the county release: every value it shows is worked out here from the sample
/// files (<see cref="SeedSample"/>), or, for orderings the contract leaves to the service (climbers),
/// read from the API and compared.
/// </summary>
public sealed class AnalystPanelTests
{
    /// <summary>As the dashboard formats numbers: en-US grouping, at most 2 decimals.</summary>
    private static string Number(decimal v) => v.ToString("#,##0.##", CultureInfo.InvariantCulture);

    private static string Growth(decimal v) => (v > 0 ? "+" : v < 0 ? "\u2212" : "") + Math.Abs(v).ToString("0.00", CultureInfo.InvariantCulture) + "%";

    [Fact]
    public async Task Series_provinces_regions_climbers_levels_units_and_the_csv_link_show_the_sample_figures()
    {
        await using var system = await TradeMeshSystem.StartAsync("dashboard-analyst");
        await system.PushAllAsync(SeedSample.SampleReleases());
        var now = SeedSample.Effective("2025");
        var before = SeedSample.Effective("2024");
        var ranks = SeedSample.Ranks("2025");

        Assertions.SetDefaultExpectTimeout(15_000);
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.LaunchHeadlessAsync();
        await using var context = await browser.NewContextAsync(new() { ViewportSize = new() { Width = 1366, Height = 1200 } });
        var page = await context.NewPageAsync();
        var scriptErrors = new ConcurrentQueue<string>();
        page.PageError += (_, error) => scriptErrors.Enqueue(error);
        var elsewhere = new ConcurrentQueue<string>();
        page.Request += (_, request) =>
        {
            if (!request.Url.StartsWith(system.GatewayAddress.GetLeftPart(UriPartial.Authority), StringComparison.Ordinal)) elsewhere.Enqueue(request.Url);
        };
        await page.GotoAsync(system.GatewayAddress.ToString());
        await Assertions.Expect(page.Locator("#period")).ToHaveValueAsync("2025");

        // Provinces: the sum of each province's city-level figures, its like-for-like growth.
        var provinces = now.Keys.GroupBy(c => c[..2]).ToList();
        var rows = page.Locator("#aggregates tbody tr");
        await Assertions.Expect(rows).ToHaveCountAsync(provinces.Count);
        var zhejiang = page.Locator("#aggregates tr[data-key=\"33\"]");
        var zhejiangSum = now.Values.Where(c => c.CityCode.StartsWith("33", StringComparison.Ordinal)).Sum(c => c.Total);
        await Assertions.Expect(zhejiang.Locator(".value")).ToHaveTextAsync(Number(zhejiangSum));
        await Assertions.Expect(zhejiang.Locator(".cities")).ToHaveTextAsync(provinces.Single(g => g.Key == "33").Count().ToString(CultureInfo.InvariantCulture));
        await Assertions.Expect(zhejiang.Locator(".growth")).ToHaveTextAsync(Growth(SeedSample.GroupGrowth(c => c.StartsWith("33", StringComparison.Ordinal))));
        var largest = provinces.MaxBy(g => g.Sum(c => now[c].Total))!.Key;
        await Assertions.Expect(rows.First).ToHaveAttributeAsync("data-key", largest);

        // Regions: the central region's growth over its comparable cities.
        var regions = SeedSample.Regions();
        await page.Locator("#aggregate-by").SelectOptionAsync("region");
        await Assertions.Expect(page.Locator("#aggregates tr[data-key=\"central\"] .growth"))
            .ToHaveTextAsync(Growth(SeedSample.GroupGrowth(c => regions[c[..2]] == "central")));
        await Assertions.Expect(rows).ToHaveCountAsync(now.Keys.Select(c => regions[c[..2]]).Distinct().Count());

        // The series: by default the top three of the ranking, each point the city's sample figure and rank.
        var topThree = ranks.OrderBy(r => r.Value).ThenBy(r => r.Key, StringComparer.Ordinal).Take(3).Select(r => r.Key).ToList();
        var legend = page.Locator("#series-legend li");
        await Assertions.Expect(legend).ToHaveCountAsync(3);
        for (var i = 0; i < 3; i++) await Assertions.Expect(legend.Nth(i)).ToHaveAttributeAsync("data-city", topThree[i]);
        foreach (var (period, figures) in new[] { ("2024", before), ("2025", now) })
        {
            var point = page.Locator($"#series-chart g[data-city=\"{topThree[0]}\"] circle[data-period=\"{period}\"]");
            await Assertions.Expect(point).ToHaveAttributeAsync("data-value", figures[topThree[0]].Total.ToString(CultureInfo.InvariantCulture));
        }

        // Chosen cities: Shenzhen and Shanghai, their ranks over the years.
        await page.Locator("#series-cities").FillAsync("440300,310000");
        await page.Locator("#series-cities").DispatchEventAsync("change");
        await Assertions.Expect(legend).ToHaveCountAsync(2);
        await page.Locator("#series-axis").SelectOptionAsync("rank");
        var ranks2024 = SeedSample.Ranks("2024");
        var shanghai2024 = page.Locator("#series-chart g[data-city=\"310000\"] circle[data-period=\"2024\"]");
        await Assertions.Expect(shanghai2024).ToHaveAttributeAsync("data-rank", ranks2024["310000"].ToString(CultureInfo.InvariantCulture));
        await Assertions.Expect(page.Locator("#series-chart .tick.rank")).Not.ToHaveCountAsync(0);
        await Assertions.Expect(page.Locator("#series-chart polyline")).ToHaveCountAsync(2);

        // Climbers and fallers: the API's lists, each line the city's sample ranks.
        var movers = await system.Gateway.GetJsonAsync("/api/movers/2025?top=5");
        var climbers = movers.GetProperty("climbers").EnumerateArray().Select(m => m.GetProperty("cityCode").GetString()!).ToList();
        Assert.NotEmpty(climbers);
        var climberLines = page.Locator("#climbers li[data-city]");
        await Assertions.Expect(climberLines).ToHaveCountAsync(climbers.Count);
        var first = climbers[0];
        await Assertions.Expect(climberLines.First).ToHaveAttributeAsync("data-city", first);
        await Assertions.Expect(climberLines.First.Locator(".detail"))
            .ToHaveTextAsync($"#{ranks[first]} (▲{ranks2024[first] - ranks[first]} from #{ranks2024[first]})");
        var fallers = movers.GetProperty("fallers").EnumerateArray().Select(m => m.GetProperty("cityCode").GetString()!).ToList();
        await Assertions.Expect(page.Locator("#fallers li[data-city]")).ToHaveCountAsync(fallers.Count);

        // A province: the CSV link asks for its cities, and its file holds exactly them.
        await page.Locator("#province").SelectOptionAsync("33");
        var csvLink = page.Locator("#csv-link");
        await Assertions.Expect(csvLink).ToHaveAttributeAsync("href", new System.Text.RegularExpressions.Regex("province=33"));
        await Assertions.Expect(page.Locator("#rank-movers-meta")).ToContainTextAsync("Zhejiang");
        var zhejiangTop = now.Values.Where(c => c.CityCode.StartsWith("33", StringComparison.Ordinal))
            .OrderByDescending(c => c.Total).ThenBy(c => c.CityCode, StringComparer.Ordinal).First().CityCode;
        await page.Locator("#level").SelectOptionAsync("city"); // a level change charts the top of the ranking again
        await Assertions.Expect(legend.First).ToHaveAttributeAsync("data-city", zhejiangTop);
        var csv = await system.Gateway.GetStringAsync((await csvLink.GetAttributeAsync("href"))!);
        var lines = csv.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.StartsWith("rank,cityCode", lines[0], StringComparison.Ordinal);
        Assert.Equal(now.Keys.Count(c => c.StartsWith("33", StringComparison.Ordinal)), lines.Length - 1);
        Assert.All(lines.Skip(1), l => Assert.StartsWith("33", l.Split(',')[1], StringComparison.Ordinal));

        // Counties are charted and ranked apart: Yiwu and Kunshan, from the county release.
        await page.Locator("#province").SelectOptionAsync("");
        await page.Locator("#level").SelectOptionAsync("county");
        var counties = SeedSample.Counties.OrderByDescending(c => c.Total).ToList();
        await Assertions.Expect(legend).ToHaveCountAsync(counties.Count);
        await Assertions.Expect(legend.First).ToHaveAttributeAsync("data-city", counties[0].Code);
        Assert.Equal(CityLevel.County, Geography.LevelOf(counties[0].Code));
        await Assertions.Expect(csvLink).ToHaveAttributeAsync("href", new System.Text.RegularExpressions.Regex("level=county"));

        // Another unit: the province sums in CNY billion (1 亿元 = 0.1 billion), exactly.
        await page.Locator("#level").SelectOptionAsync("city");
        await page.Locator("#aggregate-by").SelectOptionAsync("province");
        await page.Locator("#unit").SelectOptionAsync("CNY_BN");
        await Assertions.Expect(zhejiang.Locator(".value")).ToHaveTextAsync(Number(zhejiangSum / 10m));
        await Assertions.Expect(page.Locator("#series-chart")).ToHaveAttributeAsync("data-unit", "CNY_BN");

        await page.ScreenshotAsync(new() { Path = Path.Combine(TestEnvironment.RepoRoot, "TestResults", "dashboard-analyst.png"), FullPage = true });
        Assert.Empty(elsewhere);
        Assert.Empty(scriptErrors);
    }
}
