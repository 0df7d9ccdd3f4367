namespace TradeMesh.Benchmarks;

/// <summary>The running system to measure, and the few calls every scenario needs.</summary>
public sealed class Target
{
    public required HttpClient Gateway { get; init; }
    public required HttpClient Projections { get; init; }
    public required Uri Amqp { get; init; }

    public static Target FromEnvironment()
    {
        var state = Path.Combine(FindRepo(), ".state", "local");
        var key = Environment.GetEnvironmentVariable("TRADEMESH_API_KEY")
            ?? File.ReadAllText(Path.Combine(state, "api-key")).Trim();
        var gateway = new HttpClient { BaseAddress = new Uri(Environment.GetEnvironmentVariable("TRADEMESH_GATEWAY") ?? "http://127.0.0.1:8080"), Timeout = TimeSpan.FromMinutes(2) };
        gateway.DefaultRequestHeaders.Add("X-Api-Key", key);
        return new Target
        {
            Gateway = gateway,
            Projections = new HttpClient
            {
                BaseAddress = new Uri(Environment.GetEnvironmentVariable("TRADEMESH_PROJECTIONS") ?? "http://127.0.0.1:5102"),
                DefaultRequestHeaders = { { StateCredentials.GatewaySecretHeader, StateCredentials.Get(state, "TRADEMESH_GATEWAY_SECRET") } },
            },
            Amqp = new Uri(Environment.GetEnvironmentVariable("TRADEMESH_AMQP") ?? File.ReadAllText(Path.Combine(state, "publisher-amqp-url")).Trim()),
        };
    }

    public static string Release(string id, string period, int cities, int seed, DateTimeOffset? publishedAt = null)
    {
        var random = new Random(seed);
        return JsonSerializer.Serialize(new
        {
            releaseId = id, period, stage = "official", unit = "CNY_100M",
            publishedAt = (publishedAt ?? DateTimeOffset.UtcNow).ToString("O"), nationalTotal = 10_000_000,
            cities = Enumerable.Range(0, cities).Select(i => new
            {
                cityCode = CityCode(i), name = $"City {i}",
                total = random.Next(100, 5_000_000) / 100m, exports = (decimal?)null, imports = (decimal?)null, yoyPct = (decimal?)null,
            }),
        });
    }

    /// <summary>Distinct valid codes (the code decides the province): 31 province prefixes, then xxyy00, then counties.</summary>
    public static string CityCode(int i)
    {
        var rest = i / Provinces.Length;
        return string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{Provinces[i % Provinces.Length]}{rest % 99 + 1:D2}{rest / 99:D2}");
    }

    /// <summary>The 31 mainland province prefixes.</summary>
    public static readonly string[] Provinces = ["11", "12", "13", "14", "15", "21", "22", "23", "31", "32", "33", "34", "35", "36", "37", "41",
        "42", "43", "44", "45", "46", "50", "51", "52", "53", "54", "61", "62", "63", "64", "65"];

    public async Task PostAsync(string json)
    {
        using var response = await Gateway.PostAsync("/api/releases", new StringContent(json, Encoding.UTF8, "application/json"));
        if ((int)response.StatusCode != 202) throw new InvalidOperationException($"{response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
    }

    public async Task WaitAppliedAsync(string releaseId, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromMinutes(5));
        while (DateTime.UtcNow < deadline)
        {
            using var response = await Gateway.GetAsync($"/api/releases/{releaseId}");
            if (response.IsSuccessStatusCode && (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString() == "applied") return;
            await Task.Delay(20);
        }
        throw new TimeoutException(releaseId);
    }

    private static string FindRepo()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "TradeMesh.sln"))) return dir.FullName;
        return Directory.GetCurrentDirectory();
    }
}
