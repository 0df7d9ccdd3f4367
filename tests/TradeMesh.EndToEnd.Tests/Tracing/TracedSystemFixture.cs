using System.Text.RegularExpressions;

namespace TradeMesh.EndToEnd.Tests.Tracing;

/// <summary>
/// A system exporting every span and metric to its own trace viewer (the Aspire Dashboard the local
/// run uses), with Tracing:ViewerUrl set the way up.sh sets it, shared by the tests of the
/// "traced" collection.
/// </summary>
public sealed class TracedSystemFixture : IAsyncLifetime
{
    public TraceViewer Viewer { get; private set; } = null!;
    public TradeMeshSystem System { get; private set; } = null!;

    /// <summary>up.sh's trace link (Tracing__ViewerUrl) with this viewer's address in place of its own.</summary>
    public string ViewerUrlTemplate { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Viewer = await TraceViewer.StartAsync("traced");
        ViewerUrlTemplate = Viewer.Address.ToString().TrimEnd('/') + UpScriptTracePath();
        var environment = Viewer.ExporterEnvironment();
        environment["Tracing__ViewerUrl"] = ViewerUrlTemplate;
        try
        {
            System = await TradeMeshSystem.StartAsync("traced", environment);
        }
        catch
        {
            await Viewer.DisposeAsync();
            throw;
        }
    }

    /// <summary>The path after the viewer's address in up.sh's TRACE_URL, e.g. /traces/detail/{traceId}.</summary>
    private static string UpScriptTracePath()
    {
        var upScript = File.ReadAllText(Path.Combine(TestEnvironment.RepoRoot, "deploy", "local", "up.sh"));
        var match = Regex.Match(upScript, @"TRACE_URL=""\$VIEWER(/[^""]*\{traceId\}[^""]*)""");
        Assert.True(match.Success, "up.sh sets no TRACE_URL=\"$VIEWER/...{traceId}...\"");
        return match.Groups[1].Value;
    }

    public async Task DisposeAsync()
    {
        await System.DisposeAsync();
        await Viewer.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class TracedCollection : ICollectionFixture<TracedSystemFixture>
{
    public const string Name = "traced";
}
