namespace TradeMesh.Benchmarks;

/// <summary>
/// The credentials up.sh generated for a state folder (credentials.env, NAME=value lines), with the
/// environment's variables of the same names winning.
/// </summary>
public static class StateCredentials
{
    public static string Get(string state, string name)
    {
        if (Environment.GetEnvironmentVariable(name) is { Length: > 0 } given) return given;
        var file = Path.Combine(state, "credentials.env");
        var line = File.Exists(file) ? File.ReadLines(file).FirstOrDefault(l => l.StartsWith(name + "=", StringComparison.Ordinal)) : null;
        return line?[(name.Length + 1)..] ?? throw new InvalidOperationException($"{name} is not set and not in {file} (start the system with deploy/local/up.sh)");
    }

    /// <summary>The header the gateway's secret travels in; the services refuse requests without it.</summary>
    public const string GatewaySecretHeader = "X-TradeMesh-Gateway-Secret";
}
