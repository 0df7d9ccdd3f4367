using Microsoft.Playwright;

namespace TradeMesh.EndToEnd.Tests.Infrastructure;

/// <summary>Debian's Chromium, headless, as every browser test starts it: no sandbox (tests run as root), nothing fetched from outside.</summary>
public static class HeadlessChromium
{
    public static Task<IBrowser> LaunchHeadlessAsync(this IPlaywright playwright) => playwright.Chromium.LaunchAsync(new()
    {
        ExecutablePath = "/usr/bin/chromium",
        Headless = true,
        Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
    });
}
