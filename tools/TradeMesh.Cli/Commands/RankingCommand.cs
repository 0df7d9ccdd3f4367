using TradeMesh.Cli.Output;
using TradeMesh.Cli.Transport;

namespace TradeMesh.Cli.Commands;

/// <summary>`trademesh ranking PERIOD`: the ranking as a table. The server checks period, measure and as-of.</summary>
internal sealed class RankingCommand : Command
{
    public override IReadOnlyCollection<string> ValueOptions => ["--top", "--measure", "--province", "--as-of"];

    public override async Task<int> RunAsync(CommandContext context, CancellationToken ct)
    {
        var args = context.Args;
        var period = OnePositional(args, "period");
        var query = Query.Build(("measure", args.Value("--measure")), ("top", args.PositiveInt("--top")?.ToString()),
            ("province", args.Value("--province")), ("asOf", args.Value("--as-of")));

        return await QueryAsync(context, $"api/rankings/{GatewayClient.Segment(period)}{query}", ranking =>
        {
            RankingTable.Write(ranking, context.Out);
            return ExitCodes.Success;
        }, ct);
    }
}

/// <summary>A query string of the given parameters, leaving out the absent ones (the server's defaults apply).</summary>
internal static class Query
{
    public static string Build(params (string Name, string? Value)[] parameters)
    {
        var given = parameters.Where(p => p.Value is not null).Select(p => $"{p.Name}={Uri.EscapeDataString(p.Value!)}").ToList();
        return given.Count == 0 ? "" : "?" + string.Join('&', given);
    }
}
