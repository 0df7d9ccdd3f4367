namespace TradeMesh.EndToEnd.Tests.Infrastructure;

/// <summary>Runs functions of deploy/local/lib.sh, the same ones the local run and test.sh use.</summary>
public static class LocalScripts
{
    /// <summary>Runs COMMAND after sourcing lib.sh (as root, like test.sh) and fails with its output.</summary>
    public static async Task RunAsync(string command)
    {
        var lib = Path.Combine(TestEnvironment.RepoRoot, "deploy", "local", "lib.sh");
        var info = new ProcessStartInfo("bash", ["-c", $"set -euo pipefail; source '{lib}'; {command}"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await process.WaitForExitAsync(timeout.Token);
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"`{command}` failed ({process.ExitCode}):\n{await output}\n{await error}");
    }
}
