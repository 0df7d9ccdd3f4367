namespace TradeMesh.EndToEnd.Tests.Infrastructure;

/// <summary>deploy/rabbitmq/definitions.json, the one description of the broker's users and permissions.</summary>
public static class BrokerDefinitions
{
    public sealed record Permission(string User, string Vhost, string Configure, string Write, string Read);

    public static string FilePath => Path.Combine(TestEnvironment.RepoRoot, "deploy", "rabbitmq", "definitions.json");

    public static IReadOnlyList<Permission> Permissions()
    {
        using var document = JsonDocument.Parse(File.ReadAllText(FilePath));
        return [.. document.RootElement.GetProperty("permissions").EnumerateArray().Select(p => new Permission(
            p.GetProperty("user").GetString()!, p.GetProperty("vhost").GetString()!, p.GetProperty("configure").GetString()!,
            p.GetProperty("write").GetString()!, p.GetProperty("read").GetString()!))];
    }
}
