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

        using var gateway = new GatewayClient(context.Settings);
        var answer = await gateway.GetAsync($"api/rankings/{GatewayClient.Segment(period)}{query}", ct);
        if (!answer.IsSuccess || answer.Json is not { } ranking)
        {
            answer.WriteProblem(context.Error);
            return answer.IsSuccess ? ExitCodes.Unavailable : ExitCodes.ForHttpStatus(answer.Status, isQuery: true);
        }
        RankingTable.Write(ranking, context.Out);
        return ExitCodes.Success;
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
