extern alias ingestion;
extern alias projections;

using System.Net.Http.Headers;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using TradeMesh.EndToEnd.Tests.Analyst;

namespace TradeMesh.Contract.Tests.Infrastructure;

/// <summary>
/// The ingestion and the projection service in this test process (WebApplicationFactory, on Kestrel
/// on free loopback ports), without the gateway, against the test run's real PostgreSQL and RabbitMQ:
/// a database and a virtual host of their own (as each process-based system has), each service with
/// its own database role and broker user, and the gateway's secret, which the clients here send as
/// the gateway would. Ingestion asks this projection service how far a release is applied.
/// </summary>
public abstract class InProcessServices(string label) : IAsyncLifetime
{
    private ServiceFactory<projections::Program>? _projections;
    private ServiceFactory<ingestion::Program>? _ingestion;

    public string Name { get; } = $"tm_contract_{label}_{Guid.NewGuid():N}"[..40].ToLowerInvariant();
    /// <summary>The secret the gateway adds to what it forwards; every client here sends it.</summary>
    public string GatewaySecret { get; } = $"tm_gateway_{Guid.NewGuid():N}";
    public const string GatewaySecretHeader = "X-TradeMesh-Gateway-Secret";
    /// <summary>The services' virtual host as the test run's admin user (for publishing from outside).</summary>
    public Uri Amqp => new UriBuilder(TestEnvironment.RabbitMq) { Path = "/" + Uri.EscapeDataString(Name) }.Uri;
    /// <summary>A client of the ingestion service, as the gateway calls it.</summary>
    public HttpClient Ingestion { get; private set; } = null!;
    /// <summary>A client of the projection service, as the gateway calls it.</summary>
    public HttpClient Projections { get; private set; } = null!;

    /// <summary>Releases posted once the services are up, before any test of the fixture runs.</summary>
    protected virtual IEnumerable<string> Seed => [];

    public async Task InitializeAsync()
    {
        await LocalScripts.RunAsync($"prepare_database {new NpgsqlConnectionStringBuilder(TestEnvironment.Postgres).Port} '{Name}'");
        await CreateVirtualHostAsync();

        _projections = new ServiceFactory<projections::Program>(Settings("projections"));
        _projections.UseKestrel(0);
        await StartAsync(_projections);
        var projectionsAddress = Address(_projections.Services);
        Projections = Client(projectionsAddress);

        _ingestion = new ServiceFactory<ingestion::Program>(new Dictionary<string, string?>(Settings("ingestion"))
        {
            ["Services:projections"] = projectionsAddress.ToString(),
        });
        _ingestion.UseKestrel(0);
        await StartAsync(_ingestion);
        Ingestion = Client(Address(_ingestion.Services));

        await WaitHealthyAsync(TimeSpan.FromSeconds(90));
        await PushAllAsync(Seed);
    }

    /// <summary>
    /// Starts the host; a service whose start waits for ever (its startup gate waits for PostgreSQL
    /// while it cannot log in) fails the fixture after a while instead of hanging the run.
    /// </summary>
    private static Task StartAsync<T>(ServiceFactory<T> factory) where T : class =>
        Task.Run(factory.StartServer).WaitAsync(TimeSpan.FromSeconds(120));

    /// <summary>What the service needs, as deploy/local/up.sh and the process-based systems give it.</summary>
    private Dictionary<string, string?> Settings(string service) => new()
    {
        ["ConnectionStrings:postgres"] = new NpgsqlConnectionStringBuilder(TestEnvironment.Postgres)
        {
            Database = Name,
            Username = $"trademesh_{service}",
            Password = TestEnvironment.Credential($"TRADEMESH_PG_{service.ToUpperInvariant()}_PASSWORD"),
        }.ConnectionString,
        ["ConnectionStrings:rabbitmq"] = new UriBuilder(Amqp)
        {
            UserName = service,
            Password = Uri.EscapeDataString(TestEnvironment.Credential($"TRADEMESH_AMQP_{service.ToUpperInvariant()}_PASSWORD")),
        }.Uri.ToString(),
        ["TRADEMESH_GATEWAY_SECRET"] = GatewaySecret,
        ["TRADEMESH_API_KEYS"] = "",
        // Both services log to this process's console: warnings and errors only.
        ["Logging:LogLevel:Default"] = "Warning",
    };

    private static Uri Address(IServiceProvider services) =>
        new(services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());

    private HttpClient Client(Uri address)
    {
        var client = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(60) };
        client.DefaultRequestHeaders.Add(GatewaySecretHeader, GatewaySecret);
        return client;
    }

    /// <summary>Both services ready: their own /health (database and broker) answers 200.</summary>
    private async Task WaitHealthyAsync(TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        foreach (var (name, client) in new[] { ("projections", Projections), ("ingestion", Ingestion) })
        {
            var last = "";
            while (true)
            {
                try
                {
                    using var response = await client.GetAsync("/health");
                    if (response.IsSuccessStatusCode) break;
                    last = $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}";
                }
                catch (HttpRequestException ex) { last = ex.Message; }
                if (DateTime.UtcNow > deadline) throw new TimeoutException($"{name} ({Name}) not healthy after {timeout}: {last}");
                await Task.Delay(250);
            }
        }
    }

    public Task<HttpResponseMessage> PostReleaseAsync(string body, string contentType = "application/json") =>
        Ingestion.PostAsync("/api/releases", new StringContent(body, Encoding.UTF8, contentType));

    /// <summary>Posts each release to ingestion and waits until every one is applied.</summary>
    public Task PushAllAsync(IEnumerable<string> releaseJsons) => Ingestion.PushAllAsync(releaseJsons);

    public Task WaitAppliedAsync(string releaseId, TimeSpan? timeout = null) => Ingestion.WaitAppliedAsync(releaseId, timeout);

    /// <summary>
    /// A RabbitMQ virtual host of its own, on which the test (admin) user may do everything and each
    /// user of deploy/rabbitmq/definitions.json has the permissions that file gives it on `/`.
    /// </summary>
    private async Task CreateVirtualHostAsync()
    {
        using var management = ManagementClient();
        var vhost = Uri.EscapeDataString(Name);
        (await management.PutAsync($"api/vhosts/{vhost}", null)).EnsureSuccessStatusCode();
        var admin = Uri.UnescapeDataString(TestEnvironment.RabbitMq.UserInfo.Split(':')[0]);
        (await management.PutAsJsonAsync($"api/permissions/{vhost}/{Uri.EscapeDataString(admin)}",
            new { configure = ".*", write = ".*", read = ".*" })).EnsureSuccessStatusCode();
        foreach (var permission in BrokerDefinitions.Permissions().Where(p => p.User != admin))
            (await management.PutAsJsonAsync($"api/permissions/{vhost}/{Uri.EscapeDataString(permission.User)}",
                new { configure = permission.Configure, write = permission.Write, read = permission.Read })).EnsureSuccessStatusCode();
    }

    private static HttpClient ManagementClient()
    {
        var client = new HttpClient { BaseAddress = new Uri(TestEnvironment.RabbitMqManagement, "/") };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic",
            Convert.ToBase64String(Encoding.UTF8.GetBytes(Uri.UnescapeDataString(TestEnvironment.RabbitMq.UserInfo))));
        return client;
    }

    public async Task DisposeAsync()
    {
        Ingestion?.Dispose();
        Projections?.Dispose();
        if (_ingestion is not null) await _ingestion.DisposeAsync();
        if (_projections is not null) await _projections.DisposeAsync();
        try
        {
            using var management = ManagementClient();
            await management.DeleteAsync($"api/vhosts/{Uri.EscapeDataString(Name)}");
        }
        catch (HttpRequestException) { /* the broker is going away with the test run anyway */ }
    }
}

/// <summary>
/// The analyst's sample data (the three sample releases and the county release, as the end-to-end
/// analyst system holds them), shared by the contract tests of the "in-process" collection.
/// </summary>
public sealed class SeededServices() : InProcessServices("seeded")
{
    protected override IEnumerable<string> Seed => SeedSample.SampleReleases();
}

/// <summary>Services with nothing stored, for a test that needs the sample's own release ids free.</summary>
public sealed class EmptyServices() : InProcessServices("empty");

[CollectionDefinition(Name)]
public sealed class InProcessCollection : ICollectionFixture<SeededServices>
{
    public const string Name = "in-process";
}
