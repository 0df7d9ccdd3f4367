using System.Runtime.InteropServices;

namespace TradeMesh.Benchmarks.Suite;

/// <summary>The lines that say what machine and which versions the figures come from.</summary>
public static class MachineInfo
{
    public static async Task<string> RabbitVersionAsync(Uri management, string password)
    {
        try
        {
            using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
            client.DefaultRequestHeaders.Authorization = new("Basic", Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes($"trademesh:{Uri.UnescapeDataString(password)}")));
            var overview = await client.GetFromJsonAsync<JsonElement>(new Uri(management, "/api/overview"));
            return overview.GetProperty("rabbitmq_version").GetString() ?? "?";
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or JsonException)
        {
            return "(version unknown)";
        }
    }

    public static IEnumerable<string> Describe(string postgresVersion, string rabbitVersion)
    {
        var cpu = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? "unknown CPU";
        var memKb = long.Parse(File.ReadLines("/proc/meminfo").First().Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], System.Globalization.CultureInfo.InvariantCulture);
        var load = File.ReadAllText("/proc/loadavg").Split(' ')[..3];
        yield return $"machine: {Environment.ProcessorCount} cores ({cpu}), {memKb / 1024 / 1024.0:F0} GiB, {RuntimeInformation.OSDescription}";
        yield return $"software: .NET {Environment.Version}, PostgreSQL {postgresVersion}, RabbitMQ {rabbitVersion}, all on this machine with the three services";
        yield return $"load average when the suite started: {string.Join(" / ", load)} (1 / 5 / 15 min); other work on the machine makes the figures noisy";
        yield return $"run: {DateTimeOffset.UtcNow:yyyy-MM-dd HH:mm} UTC, commit {Environment.GetEnvironmentVariable("BENCH_COMMIT") ?? "(not given)"}";
    }
}
