using System.Text.Json;
using TradeMesh.Cli.Transport;

namespace TradeMesh.Cli.Commands;

/// <summary>What every command gets: its arguments, where the system is, and where to write.</summary>
internal sealed record CommandContext(Arguments Args, Settings Settings, TextWriter Out, TextWriter Error);

/// <summary>One `trademesh` command: the options it accepts and what it does.</summary>
internal abstract class Command
{
    public virtual IReadOnlyCollection<string> ValueOptions => [];
    public virtual IReadOnlyCollection<string> Flags => [];

    /// <summary>Runs the command and returns its exit code (ExitCodes); may throw CliException.</summary>
    public abstract Task<int> RunAsync(CommandContext context, CancellationToken ct);

    /// <summary>
    /// GETs a read path through the gateway; on success hands the JSON to <paramref name="answer"/>
    /// (which returns the exit code), otherwise writes the problem and returns the matching code.
    /// </summary>
    protected static async Task<int> QueryAsync(CommandContext context, string path, Func<JsonElement, int> answer, CancellationToken ct)
    {
        using var gateway = new GatewayClient(context.Settings);
        var response = await gateway.GetAsync(path, ct);
        if (response.IsSuccess && response.Json is { } json) return answer(json);
        response.WriteProblem(context.Error);
        return response.IsSuccess ? ExitCodes.Unavailable : ExitCodes.ForHttpStatus(response.Status, isQuery: true);
    }

    /// <summary>The single positional argument most commands take (a period, a release id, a file).</summary>
    protected static string OnePositional(Arguments args, string what)
    {
        return args.Positionals.Count switch
        {
            1 when args.Positionals[0].Length > 0 => args.Positionals[0],
            0 => throw new UsageException($"{what} is missing"),
            _ => throw new UsageException($"expected one {what}, got: {string.Join(' ', args.Positionals)}"),
        };
    }
}
