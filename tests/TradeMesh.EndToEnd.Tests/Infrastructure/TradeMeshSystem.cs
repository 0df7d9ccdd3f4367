using System.Net.Http.Headers;
using Npgsql;

namespace TradeMesh.EndToEnd.Tests.Infrastructure;

/// <summary>
/// The whole system as users run it: ingestion, projections and the gateway as real processes on
/// real ports, against the real PostgreSQL and RabbitMQ. Each system gets its own database and its
/// own RabbitMQ virtual host, so systems started by different tests never see each other's data.
/// </summary>
public sealed class TradeMeshSystem : IAsyncDisposable
{
    private readonly List<ServiceProcess> _services = [];
    private readonly List<ServiceProcess> _ingestions = [];
    private readonly List<ServiceProcess> _projections = [];

    public string Name { get; }
    public Dependencies Dependencies { get; }
    public string PostgresConnection { get; }
    public Uri Amqp { get; }
    /// <summary>The system's virtual host on every RabbitMQ node (one unless the dependencies are a cluster).</summary>
    public IReadOnlyList<Uri> AmqpNodes { get; }
    public string VirtualHost { get; }
    /// <summary>The gateway, sending the system's API key with every request.</summary>
    public HttpClient Gateway { get; private set; } = null!;
    public Uri GatewayAddress { get; private set; } = null!;
    public string ApiKey { get; } = $"tm_test_{Guid.NewGuid():N}";
    /// <summary>A key with the admin scope (POST /admin/rebuild), among the system's keys unless a test gives its own.</summary>
    public string AdminKey { get; } = $"tm_admin_{Guid.NewGuid():N}";
    /// <summary>The header the gateway's secret travels in (ServiceDefaults' GatewaySecret.Header).</summary>
    public const string GatewaySecretHeader = "X-TradeMesh-Gateway-Secret";
    /// <summary>The secret the gateway adds to what it forwards; the services refuse requests without it.</summary>
    public string GatewaySecret { get; } = $"tm_gateway_{Guid.NewGuid():N}";
    /// <summary>The running replicas, in start order; a killed and restarted one keeps its place.</summary>
    public IReadOnlyList<ServiceProcess> Ingestions => _ingestions;
    public IReadOnlyList<ServiceProcess> ProjectionReplicas => _projections;
    public ServiceProcess Ingestion => _ingestions[0];
    public ServiceProcess Projections => _projections[0];

    private readonly IReadOnlyDictionary<string, string> _extraEnvironment;

    private TradeMeshSystem(string name, IReadOnlyDictionary<string, string>? environment, Dependencies dependencies)
    {
        // Tests push far faster than the gateway's default limits allow; a test of the limits sets its own.
        var merged = new Dictionary<string, string>
        {
            ["RateLimits__WritesPerMinute"] = "1000000",
            ["RateLimits__ReadsPerSecond"] = "1000000",
            ["RateLimits__FailedAuthenticationsPerMinute"] = "1000000",
            // The same list for the gateway and the services (which honour only its admin keys).
            // A test of other key configurations passes its own (then ApiKey is not among them).
            ["TRADEMESH_API_KEYS"] = $"tm_other_key,{ApiKey},{AdminKey}:admin",
            ["TRADEMESH_GATEWAY_SECRET"] = GatewaySecret,
        };
        foreach (var (key, value) in environment ?? new Dictionary<string, string>()) merged[key] = value;
        _extraEnvironment = merged;
        Name = name;
        Dependencies = dependencies;
        var pg = new NpgsqlConnectionStringBuilder(dependencies.Postgres) { Database = name };
        PostgresConnection = pg.ConnectionString;
        VirtualHost = name;
        Amqp = new UriBuilder(dependencies.RabbitMq) { Path = "/" + Uri.EscapeDataString(name) }.Uri;
        AmqpNodes = dependencies.RabbitMqNodes is { } nodes
            ? [.. nodes.Split(',').Select(n => new UriBuilder(Amqp) { Host = n.Split(':')[0], Port = int.Parse(n.Split(':')[1]) }.Uri)]
            : [Amqp];
        if (dependencies.RabbitMqNodes is { } all) merged["RabbitMq__Nodes"] = all;
    }

    /// <param name="label">Names the system's database and virtual host.</param>
    /// <param name="environment">Extra variables for every service (e.g. the OTLP exporter's).</param>
    /// <param name="dependencies">PostgreSQL and RabbitMQ to use: those of deploy/local/test.sh unless given.</param>
    /// <param name="replicas">How many ingestion and projection services to run (the gateway balances them).</param>
    /// <param name="place">The host each service runs in, by its name (ClusterDependencies.AddHostAsync); else loopback.</param>
    public static async Task<TradeMeshSystem> StartAsync(string label, IReadOnlyDictionary<string, string>? environment = null,
        Dependencies? dependencies = null, int replicas = 1, Func<string, Task<ServiceHost?>>? place = null)
    {
        var system = new TradeMeshSystem($"tm_{label}_{Guid.NewGuid():N}"[..40].ToLowerInvariant(), environment, dependencies ?? Dependencies.Shared);
        await system.CreateDatabaseAsync();
        await CreateVirtualHostAsync(system.VirtualHost, system.Dependencies);
        try
        {
            await system.StartServicesAsync(replicas, place ?? (_ => Task.FromResult<ServiceHost?>(null)));
        }
        catch
        {
            await system.DisposeAsync();
            throw;
        }
        return system;
    }

    private string LogDir => Path.Combine(TestEnvironment.RepoRoot, "TestResults", "logs", Name);

    /// <summary>
    /// What a service (ingestion or projections) runs with: its own database role and broker user,
    /// as deploy/local/up.sh gives them (deploy/postgres/roles.sql, deploy/rabbitmq/definitions.json).
    /// </summary>
    public Dictionary<string, string> ServiceEnvironment(string service) => new(_extraEnvironment)
    {
        ["ConnectionStrings__postgres"] = ServicePostgres(service),
        ["ConnectionStrings__rabbitmq"] = ServiceAmqp(service).ToString(),
    };

    /// <summary>The connection string of the service's own role (trademesh_ingestion, trademesh_projections).</summary>
    public string ServicePostgres(string service) => new NpgsqlConnectionStringBuilder(PostgresConnection)
    {
        Username = $"trademesh_{service}",
        Password = TestEnvironment.Credential($"TRADEMESH_PG_{service.ToUpperInvariant()}_PASSWORD"),
    }.ConnectionString;

    /// <summary>The system's virtual host as a broker user of deploy/rabbitmq/definitions.json (ingestion, projections, publisher).</summary>
    public Uri ServiceAmqp(string user) => new UriBuilder(Amqp)
    {
        UserName = user,
        Password = Uri.EscapeDataString(TestEnvironment.Credential($"TRADEMESH_AMQP_{user.ToUpperInvariant()}_PASSWORD")),
    }.Uri;

    /// <summary>
    /// A client of one service's own port, as the gateway calls it: with the gateway's secret, and
    /// with the admin key when <paramref name="admin"/> (the service checks it again on /admin).
    /// </summary>
    public HttpClient DirectClient(ServiceProcess? service, bool admin = false, TimeSpan? timeout = null)
    {
        var client = new HttpClient { BaseAddress = service?.Address, Timeout = timeout ?? TimeSpan.FromSeconds(100) };
        client.DefaultRequestHeaders.Add(GatewaySecretHeader, GatewaySecret);
        if (admin) client.DefaultRequestHeaders.Add("X-Api-Key", AdminKey);
        return client;
    }

    private async Task StartServicesAsync(int replicas, Func<string, Task<ServiceHost?>> place)
    {
        var gatewayEnvironment = new Dictionary<string, string>(_extraEnvironment);
        for (var i = 0; i < replicas; i++)
        {
            var suffix = i == 0 ? "" : $"-{i + 1}";
            var projections = Track(_projections, ServiceProcess.Start("projections" + suffix, "services/TradeMesh.Projections", LogDir,
                ServiceEnvironment("projections"), host: await place("projections" + suffix)));
            // Each ingestion replica asks its own projection replica how far a release is applied.
            var ingestion = Track(_ingestions, ServiceProcess.Start("ingestion" + suffix, "services/TradeMesh.Ingestion", LogDir,
                new Dictionary<string, string>(ServiceEnvironment("ingestion")) { ["Services__projections"] = projections.Address.ToString() },
                host: await place("ingestion" + suffix)));
            var destination = i == 0 ? "primary" : $"replica{i + 1}";
            gatewayEnvironment[$"ReverseProxy__Clusters__ingestion__Destinations__{destination}__Address"] = ingestion.Address.ToString();
            gatewayEnvironment[$"ReverseProxy__Clusters__projections__Destinations__{destination}__Address"] = projections.Address.ToString();
        }
        _gatewayEnvironment = gatewayEnvironment;
        var gateway = Track(null, ServiceProcess.Start("gateway", "gateway/TradeMesh.Gateway", LogDir, gatewayEnvironment, host: await place("gateway")));
        GatewayAddress = gateway.Address;
        Gateway = new HttpClient { BaseAddress = gateway.Address, Timeout = TimeSpan.FromSeconds(60) };
        Gateway.DefaultRequestHeaders.Add("X-Api-Key", ApiKey);
        await WaitHealthyAsync(TimeSpan.FromSeconds(90));
    }

    private Dictionary<string, string> _gatewayEnvironment = [];

    /// <summary>One more gateway in front of the same replicas (as several behind a load balancer); stopped with the system.</summary>
    public async Task<Uri> StartAnotherGatewayAsync()
    {
        var gateway = Track(null, ServiceProcess.Start($"gateway-{_services.Count}", "gateway/TradeMesh.Gateway", LogDir, _gatewayEnvironment));
        using var client = new HttpClient { BaseAddress = gateway.Address, Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(90);
        while (true)
        {
            if (gateway.HasExited) throw new InvalidOperationException($"{gateway.Name} exited during start:\n{gateway.LogTail()}");
            try
            {
                using var response = await client.GetAsync("/health");
                if (response.IsSuccessStatusCode) return gateway.Address;
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException) { /* still starting */ }
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"{gateway.Name} not healthy after 90 s");
            await Task.Delay(250);
        }
    }

    private ServiceProcess Track(List<ServiceProcess>? replicas, ServiceProcess service)
    {
        _services.Add(service);
        replicas?.Add(service);
        return service;
    }

    /// <summary>Kills the projection service at once (kill -9) and starts it again on the same port.</summary>
    public async Task CrashAndRestartProjectionsAsync()
    {
        await KillAsync(Projections);
        await StartAgainAsync(Projections);
    }

    /// <summary>kill -9 of one service process; it stays down until <see cref="StartAgainAsync"/>.</summary>
    public Task KillAsync(ServiceProcess service) => service.KillAsync();

    /// <summary>Starts a killed replica again on its port, in its place, and (unless told not to) waits until the system is healthy.</summary>
    public async Task<ServiceProcess> StartAgainAsync(ServiceProcess killed, bool waitHealthy = true)
    {
        var replicas = _ingestions.Contains(killed) ? _ingestions : _projections;
        var again = killed.StartAgain();
        _services.Add(again);
        replicas[replicas.IndexOf(killed)] = again;
        if (waitHealthy) await WaitHealthyAsync(TimeSpan.FromSeconds(90));
        return again;
    }

    /// <summary>The gateway's /health includes both services: 200 means the whole system is up.</summary>
    public async Task WaitHealthyAsync(TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        var last = "";
        while (DateTime.UtcNow < deadline)
        {
            // Only the current processes count: a killed-and-restarted service leaves a dead one behind.
            if (_services.Where(p => p.Name == "gateway" || _ingestions.Contains(p) || _projections.Contains(p)).FirstOrDefault(p => p.HasExited) is { } dead)
                throw new InvalidOperationException($"{dead.Name} exited during start:\n{dead.LogTail()}");
            try
            {
                using var response = await Gateway.GetAsync("/health");
                if (response.IsSuccessStatusCode) return;
                last = $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}";
            }
            catch (HttpRequestException ex) { last = ex.Message; }
            await Task.Delay(250);
        }
        throw new TimeoutException($"system {Name} not healthy after {timeout}: {last}\n" +
            string.Join("\n", _services.Select(s => $"--- {s.Name}\n{s.LogTail(15)}")));
    }

    public async Task<HttpResponseMessage> PostReleaseAsync(string body, string contentType = "application/json") =>
        await Gateway.PostAsync("/api/releases", new StringContent(body, Encoding.UTF8, contentType));

    public Task<HttpResponseMessage> PostSampleAsync(string file) =>
        PostReleaseAsync(File.ReadAllText(TestEnvironment.SampleData(file)));

    /// <summary>Posts each release through the gateway and waits until every one is applied.</summary>
    public Task PushAllAsync(IEnumerable<string> releaseJsons) => Gateway.PushAllAsync(releaseJsons, ProjectionsLogTail);

    /// <summary>Polls the release's status through the gateway until it says applied.</summary>
    public Task WaitAppliedAsync(string releaseId, TimeSpan? timeout = null) => Gateway.WaitAppliedAsync(releaseId, timeout, ProjectionsLogTail);

    private string ProjectionsLogTail() => $"\n--- projections\n{Projections.LogTail(20)}";

    /// <summary>
    /// The system's database with the services' roles and schemas, made as the local run makes its
    /// own: on the server of the admin connection, or of a failover pair the primary (Npgsql's pick).
    /// </summary>
    private async Task CreateDatabaseAsync()
    {
        var admin = new NpgsqlConnectionStringBuilder(Dependencies.Postgres) { Database = "postgres", Pooling = false };
        await using var connection = new NpgsqlConnection(admin.ConnectionString);
        await connection.OpenAsync();
        await using var where = new NpgsqlCommand("select coalesce(host(inet_server_addr()), '127.0.0.1'), inet_server_port()", connection);
        await using var reader = await where.ExecuteReaderAsync();
        await reader.ReadAsync();
        await LocalScripts.RunAsync($"prepare_database {reader.GetInt32(1)} '{Name}' {reader.GetString(0)}");
    }

    /// <summary>
    /// A RabbitMQ virtual host of its own, on which the test (admin) user may do everything and each
    /// user of deploy/rabbitmq/definitions.json has the permissions that file gives it on `/`.
    /// </summary>
    public static async Task CreateVirtualHostAsync(string name, Dependencies? dependencies = null)
    {
        dependencies ??= Dependencies.Shared;
        using var management = ManagementClient(dependencies);
        var vhost = Uri.EscapeDataString(name);
        (await management.PutAsync($"api/vhosts/{vhost}", null)).EnsureSuccessStatusCode();
        var user = Uri.UnescapeDataString(dependencies.RabbitMq.UserInfo.Split(':')[0]);
        (await management.PutAsJsonAsync($"api/permissions/{vhost}/{Uri.EscapeDataString(user)}",
            new { configure = ".*", write = ".*", read = ".*" })).EnsureSuccessStatusCode();
        foreach (var permission in BrokerDefinitions.Permissions().Where(p => p.User != user))
            (await management.PutAsJsonAsync($"api/permissions/{vhost}/{Uri.EscapeDataString(permission.User)}",
                new { configure = permission.Configure, write = permission.Write, read = permission.Read })).EnsureSuccessStatusCode();
    }

    /// <summary>The RabbitMQ management API (of deploy/local/test.sh's broker unless given), as the admin user.</summary>
    public static HttpClient ManagementClient(Dependencies? dependencies = null)
    {
        dependencies ??= Dependencies.Shared;
        var userInfo = Uri.UnescapeDataString(dependencies.RabbitMq.UserInfo);
        var client = new HttpClient { BaseAddress = new Uri(dependencies.RabbitMqManagement, "/") };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(userInfo)));
        return client;
    }

    public async ValueTask DisposeAsync()
    {
        Gateway?.Dispose();
        foreach (var service in _services) await service.DisposeAsync();
        try
        {
            using var management = ManagementClient(Dependencies);
            await management.DeleteAsync($"api/vhosts/{Uri.EscapeDataString(VirtualHost)}");
        }
        catch (HttpRequestException) { /* the broker is going away with the test run anyway */ }
    }
}
