using System.CommandLine;
using TradeMesh.Cli.Transport;

namespace TradeMesh.Cli.Commands;

/// <summary>The CLI's outside world: where it writes, its environment and (for tests) the HTTP handler it uses.</summary>
internal sealed record CliHost(TextWriter Out, TextWriter Error, Func<string, string?> Environment, HttpMessageHandler? Handler = null);

/// <summary>What a command's action gets: where the system is, and where to write.</summary>
internal sealed record CommandContext(Settings Settings, TextWriter Out, TextWriter Error, HttpMessageHandler? Handler)
{
    public GatewayClient Gateway(TimeSpan? timeout = null) => new(Settings, timeout, Handler);
}

/// <summary>The options every command takes: where the system is and the API key.</summary>
internal sealed class GlobalOptions(CliHost host)
{
    public Option<string> Gateway { get; } = new("--gateway")
    {
        Description = "The gateway [env TRADEMESH_GATEWAY, default http://localhost:8080]", HelpName = "URL", Recursive = true,
    };
    public Option<string> ApiKey { get; } = new("--api-key")
    {
        Description = "API key, needed to push over HTTP [env TRADEMESH_API_KEY; a local run keeps it in .state/local/api-key]",
        HelpName = "KEY", Recursive = true,
    };
    public Option<string> Amqp { get; } = new("--amqp")
    {
        Description = "Broker for --via amqp [env TRADEMESH_AMQP, default amqp://publisher:publisher@localhost:5672]",
        HelpName = "URI", Recursive = true,
    };

    public Option<string> AmqpNodes { get; } = new("--amqp-nodes")
    {
        Description = "Every node of a RabbitMQ cluster, tried in turn until one takes the release; user, vhost and TLS from --amqp [env TRADEMESH_AMQP_NODES]",
        HelpName = "HOST:PORT,...", Recursive = true,
    };

    public IEnumerable<Option> All => [Gateway, ApiKey, Amqp, AmqpNodes];

    public CommandContext Context(ParseResult result) =>
        new(Settings.From(result.GetValue(Gateway), result.GetValue(ApiKey), result.GetValue(Amqp), host.Environment, result.GetValue(AmqpNodes)),
            host.Out, host.Error, host.Handler);
}
