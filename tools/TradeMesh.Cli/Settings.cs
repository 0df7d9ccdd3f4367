namespace TradeMesh.Cli;

/// <summary>
/// Where the system is and how to authenticate: option, then environment variable, then the
/// default of a local run (deploy/local/up.sh), so that on a developer machine nothing is needed.
/// </summary>
internal sealed record Settings(Uri Gateway, string? ApiKey, Uri Amqp, IReadOnlyList<(string Host, int Port)> AmqpNodes)
{
    public const string DefaultGateway = "http://localhost:8080";
    // The local RabbitMQ's `publisher` user may only write to the releases exchange: the least a publisher needs.
    public const string DefaultAmqp = "amqp://publisher:publisher@localhost:5672";

    public static Settings From(string? gatewayOption, string? apiKeyOption, string? amqpOption, Func<string, string?> environment,
        string? amqpNodesOption = null)
    {
        string? Pick(string? option, string variable) =>
            option ?? (environment(variable) is { Length: > 0 } value ? value : null);

        var gateway = Pick(gatewayOption, "TRADEMESH_GATEWAY") ?? DefaultGateway;
        if (!Uri.TryCreate(gateway, UriKind.Absolute, out var gatewayUri) || gatewayUri.Scheme is not ("http" or "https"))
            throw new UsageException($"--gateway must be an http(s) URL, not '{gateway}'");
        // A trailing slash keeps a path prefix (https://host/trademesh/) when relative paths are resolved.
        if (!gatewayUri.AbsolutePath.EndsWith('/')) gatewayUri = new Uri(gatewayUri + "/");

        var amqp = Pick(amqpOption, "TRADEMESH_AMQP") ?? DefaultAmqp;
        if (!Uri.TryCreate(amqp, UriKind.Absolute, out var amqpUri) || amqpUri.Scheme is not ("amqp" or "amqps"))
            throw new UsageException("--amqp must be an amqp:// or amqps:// URI");

        return new Settings(gatewayUri, Pick(apiKeyOption, "TRADEMESH_API_KEY"), amqpUri, Nodes(Pick(amqpNodesOption, "TRADEMESH_AMQP_NODES")));
    }

    /// <summary>A cluster's nodes, host:port,...: tried in turn (the credentials, vhost and TLS are --amqp's).</summary>
    private static List<(string, int)> Nodes(string? nodes) =>
        [.. (nodes ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Select(node =>
            node.Split(':') is [var host, var port] && host.Length > 0 && int.TryParse(port, out var number) && number is > 0 and < 65536
                ? (host, number)
                : throw new UsageException($"--amqp-nodes takes host:port,host:port,...; '{node}' is not host:port"))];

    /// <summary>The broker address without its credentials, fit to print.</summary>
    public string AmqpDisplay => AmqpNodes.Count > 0
        ? $"{Amqp.Scheme}://{string.Join(',', AmqpNodes.Select(n => $"{n.Host}:{n.Port}"))}{Amqp.AbsolutePath}"
        : $"{Amqp.Scheme}://{Amqp.Host}:{(Amqp.Port > 0 ? Amqp.Port : Amqp.Scheme == "amqps" ? 5671 : 5672)}{Amqp.AbsolutePath}";
}
