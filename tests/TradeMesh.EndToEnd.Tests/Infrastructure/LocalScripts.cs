namespace TradeMesh.EndToEnd.Tests.Infrastructure;

/// <summary>Runs functions of deploy/local/lib.sh, the same ones the local run and test.sh use.</summary>
public static class LocalScripts
{
    /// <summary>
    /// Runs COMMAND after sourcing lib.sh (and cluster-lib.sh when <paramref name="cluster"/>), as
    /// root like test.sh, with the extra environment; answers its output, fails with it.
    /// </summary>
    public static async Task<string> RunAsync(string command, bool cluster = false,
        IReadOnlyDictionary<string, string>? environment = null, TimeSpan? timeout = null)
    {
        var lib = Path.Combine(TestEnvironment.RepoRoot, "deploy", "local", "lib.sh");
        var sources = cluster ? $"source '{lib}'; source \"$LOCAL_DIR/cluster-lib.sh\"" : $"source '{lib}'";
        var info = new ProcessStartInfo("bash", ["-c", $"set -euo pipefail; {sources}; {command}"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var (key, value) in environment ?? new Dictionary<string, string>()) info.Environment[key] = value;
        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var cancel = new CancellationTokenSource(timeout ?? TimeSpan.FromMinutes(3));
        try { await process.WaitForExitAsync(cancel.Token); }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"`{command}` still running after {timeout ?? TimeSpan.FromMinutes(3)}:\n{await error}");
        }
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"`{command}` failed ({process.ExitCode}):\n{await output}\n{await error}");
        return (await output).Trim();
    }
}
