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
            // lib.sh takes the test run's credentials from the environment (test.sh exports them).
            $"Host=127.0.0.1;Port={_pgPort};Username=trademesh;Password={TestEnvironment.Credential("TRADEMESH_PG_PASSWORD")};Database=trademesh",
            new Uri($"amqp://trademesh:{Uri.EscapeDataString(TestEnvironment.Credential("TRADEMESH_AMQP_PASSWORD"))}@127.0.0.1:{_amqpPort}/"),
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
    public Task CrashPostgresAsync() => LibAsync($"crash_postgres '{_state}'");

    /// <summary>Starts the node again; its queues and confirmed messages come back from disk.</summary>
    public Task StartRabbitMqAsync() => LibAsync($"start_rabbitmq '{_state}' {_amqpPort} {_node} {_managementPort} {_distributionPort}");

    /// <summary>kill -9 of the RabbitMQ node's Erlang VM.</summary>
    public async Task KillRabbitMqAsync()
    {
        // Through the state folder's link when the daemon folder lives under /var/tmp (see lib.sh daemon_dir).
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
            await LibAsync($"wipe_state '{_state}'");
        }
    }

    private static Task LibAsync(string command) => LocalScripts.RunAsync(command);
}
