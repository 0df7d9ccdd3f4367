using System.Net.Sockets;

namespace TradeMesh.EndToEnd.Tests.Infrastructure;

/// <summary>One TradeMesh service run as a real process from its build output, on a free port.</summary>
public sealed class ServiceProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StreamWriter _log;
    private readonly (string ProjectDir, string LogDir, IDictionary<string, string> Environment, ServiceHost? Host) _start;

    public string Name { get; }
    public Uri Address { get; }
    public string LogPath { get; }
    public int Pid => _process.Id;

    private ServiceProcess(string name, Uri address, Process process, StreamWriter log, string logPath,
        (string, string, IDictionary<string, string>, ServiceHost?) start)
    {
        Name = name; Address = address; _process = process; _log = log; LogPath = logPath; _start = start;
    }

    public bool HasExited => _process.HasExited;

    /// <param name="port">A fixed port (to bring a killed service back where the others expect it), else a free one.</param>
    /// <param name="host">A namespaced host (deploy/local/hosts-lib.sh) to run in, listening on its address; else loopback.</param>
    public static ServiceProcess Start(string name, string projectDir, string logDir, IDictionary<string, string> environment,
        int? port = null, ServiceHost? host = null)
    {
        port ??= FreePort();
        var address = new Uri($"http://{host?.Address ?? "127.0.0.1"}:{port}/");
        var dll = Path.Combine(TestEnvironment.RepoRoot, projectDir, "bin", TestEnvironment.Configuration, "net10.0", Path.GetFileName(projectDir) + ".dll");
        if (!File.Exists(dll)) throw new FileNotFoundException($"{dll} is not built", dll);

        // ip netns exec enters the host and execs dotnet: the pid stays the service's own.
        string[] command = host is null ? ["dotnet", dll] : ["ip", "netns", "exec", host.Namespace, "dotnet", dll];
        var info = new ProcessStartInfo(command[0], command[1..])
        {
            WorkingDirectory = Path.GetDirectoryName(dll)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.Environment["ASPNETCORE_URLS"] = address.ToString().TrimEnd('/');
        info.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
        foreach (var (key, value) in environment) info.Environment[key] = value;

        Directory.CreateDirectory(logDir);
        var logPath = Path.Combine(logDir, name + ".log");
        var log = new StreamWriter(logPath, append: true) { AutoFlush = true };
        var process = new Process { StartInfo = info, EnableRaisingEvents = true };
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (log) log.WriteLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (log) log.WriteLine(e.Data); };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return new ServiceProcess(name, address, process, log, logPath, (projectDir, logDir, environment, host));
    }

    /// <summary>The same service started again on the same port with the same settings (after a kill).</summary>
    public ServiceProcess StartAgain() => Start(Name, _start.ProjectDir, _start.LogDir, _start.Environment, Address.Port, _start.Host);

    /// <summary>The host it runs in (null: this machine's loopback).</summary>
    public ServiceHost? Host => _start.Host;

    public string LogTail(int lines = 40)
    {
        lock (_log)
        {
            using var reader = new StreamReader(new FileStream(LogPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite));
            return string.Join('\n', reader.ReadToEnd().Split('\n').TakeLast(lines));
        }
    }

    /// <summary>Stops the process at once, as a crash would (kill -9).</summary>
    public async Task KillAsync()
    {
        if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        _process.Dispose();
        lock (_log) _log.Dispose();
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

/// <summary>A network-namespace host of deploy/local/hosts-lib.sh: its namespace and address.</summary>
public sealed record ServiceHost(string Name, string Namespace, string Address);
