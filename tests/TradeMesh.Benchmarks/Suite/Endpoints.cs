namespace TradeMesh.Benchmarks.Suite;

/// <summary>
/// Where the system started by up.sh listens (its ports are fixed), and its pid files. BENCH_*
/// variables point the suite at another system (e.g. one on other ports while up.sh's are taken).
/// </summary>
public sealed class Endpoints(string state)
{
    public Uri Gateway { get; } = new(Env("BENCH_GATEWAY", "http://127.0.0.1:8080"));
    public Uri Projections { get; } = new(Env("BENCH_PROJECTIONS", "http://127.0.0.1:5102"));
    /// <summary>As trademesh (not publisher): the baselines declare a queue and feed the projection queue.</summary>
    public Uri Amqp { get; } = new(Env("BENCH_AMQP", $"amqp://trademesh:{Secret(state, "TRADEMESH_AMQP_PASSWORD")}@127.0.0.1:5672/"));
    public Uri RabbitManagement { get; } = new(Env("BENCH_RABBIT_MANAGEMENT", "http://127.0.0.1:15672"));
    public string RabbitPassword { get; } = Secret(state, "TRADEMESH_AMQP_PASSWORD");
    public string Postgres { get; } = Env("BENCH_POSTGRES", $"Host=127.0.0.1;Port=5432;Username=trademesh;Password={Secret(state, "TRADEMESH_PG_PASSWORD")};Database=trademesh") + ";Command Timeout=0";
    /// <summary>What the gateway adds to every request it forwards: a direct call to a service needs it too.</summary>
    public string GatewaySecret { get; } = Secret(state, "TRADEMESH_GATEWAY_SECRET");
    public string AdminKey { get; } = Environment.GetEnvironmentVariable("TRADEMESH_ADMIN_KEY")
        ?? File.ReadAllText(Path.Combine(state, "admin-key")).Trim();

    private static string Secret(string state, string name) => Uri.EscapeDataString(StateCredentials.Get(state, name));

    /// <summary>The projection service called directly, as the gateway calls it (its secret; the admin key for /admin).</summary>
    public HttpClient ProjectionsClient(TimeSpan timeout)
    {
        var client = new HttpClient { BaseAddress = Projections, Timeout = timeout };
        client.DefaultRequestHeaders.Add(StateCredentials.GatewaySecretHeader, GatewaySecret);
        client.DefaultRequestHeaders.Add("X-Api-Key", AdminKey);
        return client;
    }

    private static string Env(string name, string fallback) => Environment.GetEnvironmentVariable(name) ?? fallback;
    public string ApiKey { get; } = Environment.GetEnvironmentVariable("TRADEMESH_API_KEY")
        ?? File.ReadAllText(Path.Combine(state, "api-key")).Trim();

    public static readonly string[] Services = ["ingestion", "projections", "gateway"];

    public int? Pid(string service)
    {
        var file = Path.Combine(state, $"{service}.pid");
        return File.Exists(file) && int.TryParse(File.ReadAllText(file).Trim(), out var pid) ? pid : null;
    }

    public HttpClient GatewayClient()
    {
        var client = new HttpClient { BaseAddress = Gateway, Timeout = TimeSpan.FromMinutes(2) };
        client.DefaultRequestHeaders.Add("X-Api-Key", ApiKey);
        return client;
    }
}
