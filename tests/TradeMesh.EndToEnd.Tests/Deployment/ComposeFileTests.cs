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

    /// <summary>The generated credentials of deploy/local/lib.sh (its CREDENTIALS list).</summary>
    private static IReadOnlyList<string> Credentials()
    {
        var lib = File.ReadAllText(Path.Combine(TestEnvironment.RepoRoot, "deploy", "local", "lib.sh"));
        var list = Regex.Match(lib, @"CREDENTIALS=\(([^)]*)\)").Groups[1].Value;
        return list.Split((char[])[' ', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
    }

    private static async Task<(int ExitCode, string Errors)> ComposeConfigAsync(IEnumerable<string> variables)
    {
        var info = new ProcessStartInfo("docker-compose", ["-f", Compose, "config", "-q"])
        {
            RedirectStandardError = true, RedirectStandardOutput = true, WorkingDirectory = TestEnvironment.RepoRoot,
        };
        // Only what is given: a variable of the test run's own environment must not stand in.
        foreach (var name in Credentials().Append("TRADEMESH_API_KEYS")) info.Environment.Remove(name);
        foreach (var name in variables) info.Environment[name] = $"compose-check-{name.ToLowerInvariant()}";
        using var process = Process.Start(info)!;
        var errors = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, errors);
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
        Assert.DoesNotMatch(@"trademesh:trademesh|Password=trademesh|guest", File.ReadAllText(Compose));
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
