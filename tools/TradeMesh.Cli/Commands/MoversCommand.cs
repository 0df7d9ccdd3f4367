using TradeMesh.Cli.Output;
using TradeMesh.Cli.Transport;

namespace TradeMesh.Cli.Commands;

/// <summary>`trademesh movers PERIOD`: who grew, fell, climbed, overtook and crossed a milestone.</summary>
internal sealed class MoversCommand : Command
{
    public override IReadOnlyCollection<string> ValueOptions => ["--top", "--measure"];

    public override async Task<int> RunAsync(CommandContext context, CancellationToken ct)
    {
        var args = context.Args;
        var period = OnePositional(args, "period");
        var query = Query.Build(("measure", args.Value("--measure")), ("top", args.PositiveInt("--top")?.ToString()));

        return await QueryAsync(context, $"api/movers/{GatewayClient.Segment(period)}{query}", movers =>
        {
            MoversReport.Write(movers, context.Out);
            return ExitCodes.Success;
        }, ct);
    }
}
