namespace TradeMesh.EndToEnd.Tests.Cli;

/// <summary>What one run of the CLI ended with.</summary>
public sealed record CliRun(int Code, string Out, string Error)
{
    public string All => Out + Error;
    public List<string> Lines => [.. Out.Split('\n').Select(l => l.TrimEnd('\r')).Where(l => l.Length > 0)];
}

/// <summary>The built `trademesh` tool run as a process, with the system's gateway and key in its environment, as a publisher's shell would have them.</summary>
public static class CliProcess
{
    public static string Dll => Path.Combine(TestEnvironment.RepoRoot, "tools", "TradeMesh.Cli", "bin", TestEnvironment.Configuration, "net10.0", "trademesh.dll");

    public static async Task<CliRun> RunAsync(TradeMeshSystem system, ITestOutputHelper log, params string[] args)
    {
        Assert.True(File.Exists(Dll), $"{Dll} is not built");
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(Dll);
        foreach (var arg in args) info.ArgumentList.Add(arg);
        info.Environment["TRADEMESH_GATEWAY"] = system.GatewayAddress.ToString();
        info.Environment["TRADEMESH_API_KEY"] = system.ApiKey;
        info.Environment.Remove("TRADEMESH_AMQP");

        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        try { await process.WaitForExitAsync(timeout.Token); }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"trademesh {string.Join(' ', args)} did not end within 120 s");
        }
        var run = new CliRun(process.ExitCode, await stdout, await stderr);
        log.WriteLine($"$ trademesh {string.Join(' ', args)}\n{run.Out}{run.Error}exit {run.Code}\n");
        return run;
    }
}
