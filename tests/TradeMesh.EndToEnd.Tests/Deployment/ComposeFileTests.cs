using System.Diagnostics;
using System.Text.RegularExpressions;
using TradeMesh.EndToEnd.Tests.Infrastructure;

namespace TradeMesh.EndToEnd.Tests.Deployment;

/// <summary>
/// Docker cannot run here, so the compose file is checked the two ways that can: its syntax by
/// docker-compose itself, and its configuration keys against those the local run passes.
/// </summary>
public sealed class ComposeFileTests
{
    private static readonly string Compose = Path.Combine(TestEnvironment.RepoRoot, "docker-compose.yml");

    [Fact]
    public async Task Docker_compose_accepts_the_file()
    {
        var info = new ProcessStartInfo("docker-compose", ["-f", Compose, "config", "-q"])
        {
            RedirectStandardError = true, RedirectStandardOutput = true, WorkingDirectory = TestEnvironment.RepoRoot,
            // The file refuses to start without keys (the gateway would refuse every write).
            Environment = { ["TRADEMESH_API_KEYS"] = "tm_compose_check" },
        };
        using var process = Process.Start(info)!;
        var errors = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, errors);
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
}
