using System.Diagnostics;

namespace TradeMesh.EndToEnd.Tests.Infrastructure;

/// <summary>
/// A PostgreSQL and a RabbitMQ node of a test's own, started with the same functions as the local
/// run (deploy/local/lib.sh) on free ports, so the test may kill and restart them without
/// disturbing the tests that share deploy/local/test.sh's broker and database.
/// </summary>
public sealed class DedicatedDependencies : IAsyncDisposable
{
    private readonly string _state;
    private readonly int _pgPort, _amqpPort, _managementPort, _distributionPort;
    private readonly string _node;

    public Dependencies Endpoints { get; }

    private DedicatedDependencies(string state)
    {
        _state = state;
        (_pgPort, _amqpPort, _managementPort, _distributionPort) = (ServiceProcess.FreePort(), ServiceProcess.FreePort(), ServiceProcess.FreePort(), ServiceProcess.FreePort());
        _node = $"trademesh-faults-{_amqpPort}@localhost";
        Endpoints = new Dependencies(
            $"Host=127.0.0.1;Port={_pgPort};Username=trademesh;Password=trademesh;Database=trademesh",
            new Uri($"amqp://trademesh:trademesh@127.0.0.1:{_amqpPort}/"),
            new Uri($"http://127.0.0.1:{_managementPort}"));
    }

    public static async Task<DedicatedDependencies> StartAsync(string label)
    {
        var state = Path.Combine(TestEnvironment.RepoRoot, ".state", $"{label}-{Guid.NewGuid():N}"[..24]);
        var dependencies = new DedicatedDependencies(state);
        try
        {
            await dependencies.StartPostgresAsync();
            await dependencies.StartRabbitMqAsync();
        }
        catch
        {
            await dependencies.DisposeAsync();
            throw;
        }
        return dependencies;
    }

    public Task StartPostgresAsync() => LibAsync($"start_postgres '{_state}' {_pgPort}");

    /// <summary>Stops PostgreSQL as a crash would: no checkpoint, every connection cut (recovery on the next start).</summary>
    public Task CrashPostgresAsync() =>
        LibAsync($"pg_ctl_as_postgres -D '{_state}/pg/data' -m immediate -w -t 60 stop");

    /// <summary>Starts the node again; its queues and confirmed messages come back from disk.</summary>
    public Task StartRabbitMqAsync() => LibAsync($"start_rabbitmq '{_state}' {_amqpPort} {_node} {_managementPort} {_distributionPort}");

    /// <summary>kill -9 of the RabbitMQ node's Erlang VM.</summary>
    public async Task KillRabbitMqAsync()
    {
        var pid = int.Parse((await File.ReadAllTextAsync(Path.Combine(_state, "rabbitmq", "rabbitmq.pid"))).Trim());
        using var beam = Process.GetProcessById(pid);
        beam.Kill();
        await beam.WaitForExitAsync();
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await LibAsync($"stop_rabbitmq '{_state}'; stop_postgres '{_state}'");
        }
        finally
        {
            if (Directory.Exists(_state)) Directory.Delete(_state, recursive: true);
        }
    }

    /// <summary>Runs a function of deploy/local/lib.sh (as root, like test.sh) and fails with its output.</summary>
    private static async Task LibAsync(string command)
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
