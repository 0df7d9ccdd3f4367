using Microsoft.Playwright;

namespace TradeMesh.EndToEnd.Tests.OpenApi;

/// <summary>/docs renders both OpenAPI documents in Debian's chromium, from files the gateway serves itself.</summary>
[Collection(SystemCollection.Name)]
public sealed class ApiReferencePageTests(SystemFixture fixture)
{
    [Fact]
    public async Task The_api_reference_renders_both_documents_without_the_network()
    {
        var gateway = fixture.System.GatewayAddress;
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.LaunchHeadlessAsync();
        var page = await browser.NewPageAsync();
        // Every file the page loads comes from the gateway: nothing from a CDN.
        var foreign = new List<string>();
        page.Request += (_, request) => { if (!request.Url.StartsWith(gateway.ToString(), StringComparison.Ordinal)) foreign.Add(request.Url); };

        var response = await page.GotoAsync(new Uri(gateway, "/docs/").ToString());
        Assert.Equal((int)HttpStatusCode.OK, response!.Status);
        Assertions.SetDefaultExpectTimeout(15_000);
        await Assertions.Expect(page.Locator(".opblock-summary-path").Filter(new() { HasText = "/api/releases" }).First).ToBeVisibleAsync();

        // The second document, picked in the definition selector, lists the read endpoints.
        await page.Locator("select#select").SelectOptionAsync(new SelectOptionValue { Label = "Projections: rankings, movers, history and more" });
        await Assertions.Expect(page.Locator(".opblock-summary-path").Filter(new() { HasText = "/api/rankings/{period}" }).First).ToBeVisibleAsync();
        Assert.Empty(foreign);
    }
}
