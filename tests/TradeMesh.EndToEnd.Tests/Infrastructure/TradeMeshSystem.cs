using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
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

    public string Name { get; }
    public string PostgresConnection { get; }
    public Uri Amqp { get; }
    public string VirtualHost { get; }
    /// <summary>The gateway, sending the system's API key with every request.</summary>
    public HttpClient Gateway { get; private set; } = null!;
    public Uri GatewayAddress { get; private set; } = null!;
    public string ApiKey { get; } = $"tm_test_{Guid.NewGuid():N}";
    public ServiceProcess Ingestion { get; private set; } = null!;
    public ServiceProcess Projections { get; private set; } = null!;

    private readonly IReadOnlyDictionary<string, string> _extraEnvironment;

    private TradeMeshSystem(string name, IReadOnlyDictionary<string, string>? environment)
    {
        // Tests push far faster than the gateway's default limits allow; a test of the limits sets its own.
        var merged = new Dictionary<string, string>
        {
            ["RateLimits__WritesPerMinute"] = "1000000",
            ["RateLimits__ReadsPerSecond"] = "1000000",
        };
        foreach (var (key, value) in environment ?? new Dictionary<string, string>()) merged[key] = value;
        _extraEnvironment = merged;
        Name = name;
        var pg = new NpgsqlConnectionStringBuilder(TestEnvironment.Postgres) { Database = name };
        PostgresConnection = pg.ConnectionString;
        VirtualHost = name;
        Amqp = new UriBuilder(TestEnvironment.RabbitMq) { Path = "/" + Uri.EscapeDataString(name) }.Uri;
    }

    /// <param name="label">Names the system's database and virtual host.</param>
    /// <param name="environment">Extra variables for every service (e.g. the OTLP exporter's).</param>
    public static async Task<TradeMeshSystem> StartAsync(string label, IReadOnlyDictionary<string, string>? environment = null)
    {
        var system = new TradeMeshSystem($"tm_{label}_{Guid.NewGuid():N}"[..40].ToLowerInvariant(), environment);
        await system.CreateDatabaseAsync();
        await CreateVirtualHostAsync(system.VirtualHost);
        try
        {
            await system.StartServicesAsync();
        }
        catch
        {
            await system.DisposeAsync();
            throw;
        }
        return system;
    }

    private string LogDir => Path.Combine(TestEnvironment.RepoRoot, "TestResults", "logs", Name);

    public Dictionary<string, string> ServiceEnvironment() => new(_extraEnvironment)
    {
        ["ConnectionStrings__postgres"] = PostgresConnection,
        ["ConnectionStrings__rabbitmq"] = Amqp.ToString(),
    };

    private async Task StartServicesAsync()
    {
        Projections = Track(ServiceProcess.Start("projections", "services/TradeMesh.Projections", LogDir, ServiceEnvironment()));
        Ingestion = Track(ServiceProcess.Start("ingestion", "services/TradeMesh.Ingestion", LogDir,
            new Dictionary<string, string>(ServiceEnvironment()) { ["Services__projections"] = Projections.Address.ToString() }));
        var gateway = Track(ServiceProcess.Start("gateway", "gateway/TradeMesh.Gateway", LogDir, new Dictionary<string, string>(_extraEnvironment)
        {
            ["ReverseProxy__Clusters__ingestion__Destinations__primary__Address"] = Ingestion.Address.ToString(),
            ["ReverseProxy__Clusters__projections__Destinations__primary__Address"] = Projections.Address.ToString(),
            // A test of other key configurations passes its own (then ApiKey is not among them).
            ["TRADEMESH_API_KEYS"] = _extraEnvironment.GetValueOrDefault("TRADEMESH_API_KEYS", $"tm_other_key,{ApiKey}"),
        }));
        GatewayAddress = gateway.Address;
        Gateway = new HttpClient { BaseAddress = gateway.Address, Timeout = TimeSpan.FromSeconds(60) };
        Gateway.DefaultRequestHeaders.Add("X-Api-Key", ApiKey);
        await WaitHealthyAsync(TimeSpan.FromSeconds(90));
    }

    private ServiceProcess Track(ServiceProcess service) { _services.Add(service); return service; }

    /// <summary>Kills the projection service at once (kill -9) and starts it again on the same port.</summary>
    public async Task CrashAndRestartProjectionsAsync()
    {
        await Projections.KillAsync();
        Projections = Track(ServiceProcess.Start("projections", "services/TradeMesh.Projections", LogDir, ServiceEnvironment(), Projections.Address.Port));
        await WaitHealthyAsync(TimeSpan.FromSeconds(90));
    }

    /// <summary>The gateway's /health includes both services: 200 means the whole system is up.</summary>
    private async Task WaitHealthyAsync(TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        var last = "";
        while (DateTime.UtcNow < deadline)
        {
            // Only the current processes count: a crashed-and-restarted service leaves a dead one behind.
            if (_services.Where(p => p.Name != "projections" || p == Projections).FirstOrDefault(p => p.HasExited) is { } dead)
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

    /// <summary>Polls the release's status until it says applied (every read model includes it).</summary>
    public async Task WaitAppliedAsync(string releaseId, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(60));
        var last = "";
        while (DateTime.UtcNow < deadline)
        {
            using var response = await Gateway.GetAsync($"/api/releases/{Uri.EscapeDataString(releaseId)}");
            last = await response.Content.ReadAsStringAsync();
            if (response.IsSuccessStatusCode && last.Contains("\"status\":\"applied\"")) return;
            await Task.Delay(100);
        }
        throw new TimeoutException($"release {releaseId} not applied: {last}\n--- projections\n{Projections.LogTail(20)}");
    }

    private async Task CreateDatabaseAsync()
    {
        await using var connection = new NpgsqlConnection(TestEnvironment.Postgres);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"CREATE DATABASE \"{Name}\"", connection);
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>A RabbitMQ virtual host of its own, on which the test user may do everything.</summary>
    public static async Task CreateVirtualHostAsync(string name)
    {
        using var management = ManagementClient();
        var vhost = Uri.EscapeDataString(name);
        (await management.PutAsync($"api/vhosts/{vhost}", null)).EnsureSuccessStatusCode();
        var user = Uri.UnescapeDataString(TestEnvironment.RabbitMq.UserInfo.Split(':')[0]);
        (await management.PutAsJsonAsync($"api/permissions/{vhost}/{Uri.EscapeDataString(user)}",
            new { configure = ".*", write = ".*", read = ".*" })).EnsureSuccessStatusCode();
    }

    public static HttpClient ManagementClient()
    {
        var userInfo = Uri.UnescapeDataString(TestEnvironment.RabbitMq.UserInfo);
        var client = new HttpClient { BaseAddress = new Uri(TestEnvironment.RabbitMqManagement, "/") };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(userInfo)));
        return client;
    }

    public async ValueTask DisposeAsync()
    {
        Gateway?.Dispose();
        foreach (var service in _services) await service.DisposeAsync();
        try
        {
            using var management = ManagementClient();
            await management.DeleteAsync($"api/vhosts/{Uri.EscapeDataString(VirtualHost)}");
        }
        catch (HttpRequestException) { /* the broker is going away with the test run anyway */ }
    }
}
