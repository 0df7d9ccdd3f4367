namespace TradeMesh.EndToEnd.Tests.Infrastructure;

/// <summary>
/// The backing services of deploy/local/cluster-up.sh, for a test of its own: three RabbitMQ nodes
/// (hosts mq1..mq3) and PostgreSQL under pg_auto_failover (pgmon, pg1, pg2), each in a network
/// namespace on a bridge of the test's own (prefix and /24 given), started and faulted with the
/// functions of deploy/local/cluster-lib.sh. Before any address is used, it is checked to be one of
/// these hosts, routed through their bridge (host_check_own). Everything is removed on dispose.
/// </summary>
public sealed class ClusterDependencies : IAsyncDisposable
{
    public static readonly string[] RabbitMqHosts = ["mq1", "mq2", "mq3"];
    private readonly string _state;
    private readonly Dictionary<string, string> _environment;

    public Dependencies Endpoints { get; private set; } = null!;
    public string Prefix { get; }

    private ClusterDependencies(string state, string prefix, string net)
    {
        _state = state;
        Prefix = prefix;
        _environment = new() { ["TRADEMESH_HOSTS_PREFIX"] = prefix, ["TRADEMESH_HOSTS_NET"] = net };
    }

    /// <param name="prefix">Namespaces prefix-NAME (at most 5 characters, none other in use).</param>
    /// <param name="net">The first three octets of a /24 no route on this machine uses.</param>
    public static async Task<ClusterDependencies> StartAsync(string label, string prefix, string net)
    {
        var state = Path.Combine(TestEnvironment.RepoRoot, ".state", $"{label}-{Guid.NewGuid():N}"[..24]);
        var cluster = new ClusterDependencies(state, prefix, net);
        try
        {
            // The run's credentials come from test.sh's environment (ensure_credentials keeps them).
            await cluster.RunAsync($"cluster_backing_up '{state}'", TimeSpan.FromMinutes(8));
            var backing = (await File.ReadAllLinesAsync(Path.Combine(state, "backing.env")))
                .Select(l => l.Split('=', 2)).Where(p => p.Length == 2).ToDictionary(p => p[0], p => p[1]);
            cluster.Endpoints = new Dependencies(backing["POSTGRES"], new Uri(backing["RABBITMQ"]), new Uri(backing["RABBITMQ_MANAGEMENT"]), backing["RABBITMQ_NODES"]);
            foreach (var host in RabbitMqHosts.Concat(["pgmon", "pg1", "pg2"])) await cluster.CheckOwnAsync(await cluster.AddressAsync(host));
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
        return cluster;
    }

    /// <summary>A host for a service (made now, or the one made before under that name), checked to be ours.</summary>
    public async Task<ServiceHost> AddHostAsync(string name)
    {
        var address = await RunAsync($"host_add '{_state}' '{name}'");
        await CheckOwnAsync(address);
        return new ServiceHost(name, $"{Prefix}-{name}", address);
    }

    public Task<string> AddressAsync(string host) => RunAsync($"host_addr '{_state}' '{host}'");

    /// <summary>Fails unless the address is one of this cluster's hosts, routed through its own bridge.</summary>
    public Task CheckOwnAsync(string address) => RunAsync($"host_check_own '{_state}' '{address}'");

    /// <summary>kill -9 of everything in the host, as a power cut would.</summary>
    public Task KillHostAsync(string host) => RunAsync($"host_kill '{_state}' '{host}'");

    /// <summary>
    /// Cuts the host off from the other hosts named, or from every other host (packets dropped both
    /// ways); the test's own leg into the switch still reaches it.
    /// </summary>
    public Task PartitionAsync(string host, params string[] from) =>
        RunAsync($"host_partition '{_state}' '{host}' " +
                 (from.Length > 0 ? string.Join(' ', from) : $"$(awk -v h='{host}' '$1 != h {{ print $1 }}' '{_state}/hosts')"));

    public Task HealAsync(string host) => RunAsync($"host_heal '{_state}' '{host}'");

    /// <summary>Starts the RabbitMQ node of a killed host again (its data kept) and waits until it runs.</summary>
    public Task StartRabbitMqAsync(string host) => RunAsync($"cluster_mq_start '{_state}' '{host}'", TimeSpan.FromMinutes(4));

    /// <summary>Waits until the host's RabbitMQ node runs its application (after a partition heals, a paused node resumes).</summary>
    public Task AwaitRabbitMqAsync(string host) => RunAsync($"cluster_mq_await '{_state}' '{host}'", TimeSpan.FromMinutes(4));

    /// <summary>The host whose node leads the quorum queue's Raft group now.</summary>
    public Task<string> RabbitMqLeaderAsync(string queue, string vhost) => RunAsync($"cluster_mq_leader '{_state}' '{queue}' '{vhost}'");

    /// <summary>The PostgreSQL node the monitor names primary (pg1 or pg2); fails while there is none.</summary>
    public Task<string> PostgresPrimaryAsync() => RunAsync($"pgha_primary '{_state}'");

    /// <summary>Starts pg_autoctl in a killed node's host; it rejoins as the standby. Waits until replication is synchronous again.</summary>
    public async Task StartPostgresNodeAsync(string host)
    {
        await RunAsync($"pgha_start_node '{_state}' '{host}'");
        await RunAsync($"pgha_wait_state '{_state}' 240 'primary secondary' && pgha_wait_sync '{_state}' 120", TimeSpan.FromMinutes(7));
    }

    public async ValueTask DisposeAsync()
    {
        try { await RunAsync($"cluster_backing_down '{_state}'", TimeSpan.FromMinutes(5)); }
        finally { await RunAsync($"wipe_state '{_state}'"); }
    }

    private Task<string> RunAsync(string command, TimeSpan? timeout = null) =>
        LocalScripts.RunAsync(command, cluster: true, _environment, timeout);
}
