namespace TradeMesh.EndToEnd.Tests.Cli;

/// <summary>
/// `trademesh watch` running as a user leaves it in a terminal: started against the system's
/// gateway, its output collected as it comes, stopped with SIGINT (Ctrl-C). The process is the
/// test's own, killed at the end if it is still running.
/// </summary>
public sealed class WatchProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _out = new(), _error = new();

    private WatchProcess(Process process) => _process = process;

    /// <summary>Starts it and returns once it says it follows the feed (its position is held from then on).</summary>
    public static async Task<WatchProcess> StartAsync(string dll, TradeMeshSystem system, params string[] args)
    {
        // A terminal starts it with SIGINT at its default; a test runner started as a background job
        // has it ignored, which a child inherits and .NET then leaves alone: env puts the default back.
        var info = new ProcessStartInfo("env") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in new[] { "--default-signal=INT", "dotnet", dll }) info.ArgumentList.Add(arg);
        info.ArgumentList.Add("watch");
        foreach (var arg in args) info.ArgumentList.Add(arg);
        info.Environment["TRADEMESH_GATEWAY"] = system.GatewayAddress.ToString();
        info.Environment["TRADEMESH_API_KEY"] = system.ApiKey;
        var process = new Process { StartInfo = info };
        var watch = new WatchProcess(process);
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (watch._out) watch._out.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (watch._out) watch._error.AppendLine(e.Data); };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        await watch.UntilAsync(_ => watch.Error.Contains("following ", StringComparison.Ordinal));
        return watch;
    }

    public string Out { get { lock (_out) return _out.ToString(); } }
    public string Error { get { lock (_out) return _error.ToString(); } }

    /// <summary>Waits until what it printed satisfies <paramref name="done"/>; returns the output.</summary>
    public async Task<string> UntilAsync(Func<string, bool> done, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(60));
        while (!done(Out))
        {
            if (_process.HasExited) throw new InvalidOperationException($"watch exited {_process.ExitCode}:\n{Out}{Error}");
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"watch did not print it in time:\n{Out}{Error}");
            await Task.Delay(100);
        }
        return Out;
    }

    /// <summary>SIGINT, as Ctrl-C sends it; the exit code and what it wrote to stderr.</summary>
    public async Task<(int Code, string Error)> InterruptAsync()
    {
        using (var kill = Process.Start("kill", ["-INT", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
            await kill.WaitForExitAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        await _process.WaitForExitAsync(timeout.Token);
        return (_process.ExitCode, Error);
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited) _process.Kill();
        await _process.WaitForExitAsync();
        _process.Dispose();
    }
}
