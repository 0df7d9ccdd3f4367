using System.Text.RegularExpressions;

namespace TradeMesh.EndToEnd.Tests.Deployment;

/// <summary>
/// Docker cannot run here, so the compose file is checked the two ways that can: its syntax by
/// docker-compose itself, and its configuration keys against those the local run passes.
/// </summary>
public sealed class ComposeFileTests
{
    private static readonly string Compose = Path.Combine(TestEnvironment.RepoRoot, "docker-compose.yml");

    /// <summary>The generated credentials of deploy/local/lib.sh (its CREDENTIALS list).</summary>
    private static IReadOnlyList<string> Credentials()
    {
        var lib = File.ReadAllText(Path.Combine(TestEnvironment.RepoRoot, "deploy", "local", "lib.sh"));
        var list = Regex.Match(lib, @"CREDENTIALS=\(([^)]*)\)").Groups[1].Value;
        return list.Split((char[])[' ', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
    }

    private static async Task<(int ExitCode, string Errors)> ComposeConfigAsync(IEnumerable<string> variables)
    {
        var (exitCode, _, errors) = await RunComposeConfigAsync(variables, ["-q"]);
        return (exitCode, errors);
    }

    private static async Task<(int ExitCode, string Output, string Errors)> RunComposeConfigAsync(IEnumerable<string> variables, string[] options)
    {
        var info = new ProcessStartInfo("docker-compose", ["-f", Compose, "config", .. options])
        {
            RedirectStandardError = true, RedirectStandardOutput = true, WorkingDirectory = TestEnvironment.RepoRoot,
        };
        // Only what is given: a variable of the test run's own environment must not stand in.
        foreach (var name in Credentials().Append("TRADEMESH_API_KEYS")) info.Environment.Remove(name);
        foreach (var name in variables) info.Environment[name] = $"compose-check-{name.ToLowerInvariant()}";
        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await output, errors);
    }

    [Fact]
    public async Task Docker_compose_accepts_the_file()
    {
        var (exitCode, errors) = await ComposeConfigAsync(Credentials().Append("TRADEMESH_API_KEYS"));
        Assert.True(exitCode == 0, errors);
    }

    /// <summary>No password or secret has a default: each missing one stops compose, by name.</summary>
    [Fact]
    public async Task Every_credential_must_come_from_the_environment()
    {
        Assert.True(Credentials().Count >= 8, string.Join(",", Credentials()));
        foreach (var missing in Credentials())
        {
            var (exitCode, errors) = await ComposeConfigAsync(Credentials().Where(n => n != missing).Append("TRADEMESH_API_KEYS"));
            Assert.True(exitCode != 0 && errors.Contains(missing), $"compose started without {missing}: {errors}");
        }
        Assert.DoesNotMatch(@"trademesh:trademesh|Password=trademesh|guest:guest|DEFAULT_USER: guest", File.ReadAllText(Compose));
    }

    [Fact]
    public void The_compose_services_get_the_same_configuration_keys_as_the_local_run()
    {
        var upScript = File.ReadAllText(Path.Combine(TestEnvironment.RepoRoot, "deploy", "local", "up.sh"));
        var keys = Regex.Matches(upScript, @"\b(ConnectionStrings__\w+|ReverseProxy__\w+|Services__\w+|TRADEMESH_API_KEYS)=")
            .Select(m => m.Groups[1].Value).Distinct().ToList();
        var compose = File.ReadAllText(Compose);

        Assert.NotEmpty(keys);
        Assert.All(keys, key => Assert.Contains(key + ":", compose));
    }

    /// <summary>
    /// In compose, Jaeger is the trace viewer: every service built here exports to it over OTLP gRPC,
    /// and the trace link of a release opens Jaeger's UI at the port compose publishes.
    /// </summary>
    [Fact]
    public async Task Every_service_exports_its_traces_to_jaeger_and_links_to_its_ui()
    {
        var services = (await ResolvedAsync()).GetProperty("services");
        var jaeger = Assert.Single(services.EnumerateObject(), s => s.Value.TryGetProperty("image", out var image) && image.GetString()!.StartsWith("jaegertracing/"));
        var built = services.EnumerateObject().Where(s => s.Value.TryGetProperty("build", out _)).ToList();
        Assert.Equal(["gateway", "ingestion", "projections"], built.Select(s => s.Name).Order());
        foreach (var service in built)
        {
            var env = service.Value.GetProperty("environment");
            Assert.Equal($"http://{jaeger.Name}:4317", env.GetProperty("OTEL_EXPORTER_OTLP_ENDPOINT").GetString());
            Assert.True(service.Value.GetProperty("depends_on").TryGetProperty(jaeger.Name, out _), $"{service.Name} does not wait for {jaeger.Name}");
        }
        // Jaeger's UI listens on 16686 in its container; the link uses the port compose publishes it on.
        var ui = jaeger.Value.GetProperty("ports").EnumerateArray().Select(PublishedPort).Single(p => p.Target == "16686");
        var ingestion = built.Single(s => s.Name == "ingestion").Value.GetProperty("environment");
        Assert.Equal($"http://localhost:{ui.Published}/trace/{{traceId}}", ingestion.GetProperty("Tracing__ViewerUrl").GetString());
    }

    /// <summary>A port entry as docker-compose prints it: "127.0.0.1:16686:16686/tcp" or {published, target}.</summary>
    private static (string Published, string Target) PublishedPort(JsonElement port)
    {
        if (port.ValueKind == JsonValueKind.Object) return (port.GetProperty("published").ToString(), port.GetProperty("target").ToString());
        var parts = port.GetString()!.Split('/')[0].Split(':');
        return (parts[^2], parts[^1]);
    }

    /// <summary>The file as docker-compose resolves it (anchors merged), as JSON.</summary>
    private static async Task<JsonElement> ResolvedAsync()
    {
        var (exitCode, config, errors) = await RunComposeConfigAsync(Credentials().Append("TRADEMESH_API_KEYS"), []);
        Assert.True(exitCode == 0, errors);
        // Debian's python3-yaml comes with docker-compose.
        var json = await RunAsync("/usr/bin/python3", ["-c", "import sys, yaml, json; json.dump(yaml.safe_load(sys.stdin), sys.stdout)"], config);
        return JsonDocument.Parse(json).RootElement.Clone();
    }

    private static async Task<string> RunAsync(string file, string[] args, string input)
    {
        var info = new ProcessStartInfo(file, args) { RedirectStandardError = true, RedirectStandardOutput = true, RedirectStandardInput = true };
        using var process = Process.Start(info)!;
        await process.StandardInput.WriteAsync(input);
        process.StandardInput.Close();
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, $"{file}: {errors}");
        return await output;
    }
}
