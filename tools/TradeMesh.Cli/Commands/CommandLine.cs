using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Invocation;

namespace TradeMesh.Cli.Commands;

/// <summary>Every `trademesh` command and option, and the notes `--help` adds after the generated help.</summary>
internal static class CommandLine
{
    public const string Notes = """

        Exit codes:
          0  success: release accepted (applied with --wait), query answered, watch stopped with Ctrl-C
          1  usage error: bad arguments, unreadable file, a query the server calls invalid (400)
          2  the release was refused: 400 with reasons, 409 id used with other content, 401 no valid
             API key, or its status is rejected
          3  the system could not be reached or failed: 5xx, connection refused, broker unreachable or
             not confirming, --wait timed out
          4  not found: unknown release, city, or no data for that period and measure (404)

        Examples:
          trademesh push deploy/sample-data/2025-annual-preliminary.json --api-key "$(cat .state/local/api-key)" --wait
          trademesh push figures.csv --release-id cus-2025-12 --period 2025 --stage preliminary \
              --unit CNY_100M --published-at 2026-01-20T08:00:00+08:00 --via amqp --wait
          trademesh status sample-2025-annual-preliminary
          trademesh ranking 2025 --top 10 --province Guangdong --format csv
          trademesh movers 2025 --top 3
          trademesh series 440300,310000 --from 2020
          trademesh aggregates 2025 --by region
          trademesh cities --q 金华
          trademesh history 120000
          trademesh changes sample-2025-annual-revised-tianjin
          trademesh watch
        """;

    public static RootCommand Build(CliHost host)
    {
        var global = new GlobalOptions(host);
        var root = new RootCommand("trademesh: push TradeMesh releases, read rankings, movers, series and aggregates, follow the feed");
        foreach (var option in global.All) root.Options.Add(option);
        root.Subcommands.Add(PushCommand.Create(global));
        foreach (var command in ReadCommands.All(global)) root.Subcommands.Add(command);
        root.Subcommands.Add(WatchCommand.Create(global));

        var help = root.Options.OfType<HelpOption>().Single();
        help.Action = new HelpWithNotes((HelpAction)help.Action!);
        return root;
    }

    /// <summary>The generated help, then the exit codes and examples it cannot know.</summary>
    private sealed class HelpWithNotes(HelpAction generated) : SynchronousCommandLineAction
    {
        public override int Invoke(ParseResult parseResult)
        {
            generated.Invoke(parseResult);
            parseResult.InvocationConfiguration.Output.WriteLine(Notes);
            return ExitCodes.Success;
        }
    }
}
