using System.Text;
using TradeMesh.Cli.Commands;

namespace TradeMesh.Cli;

/// <summary>Picks the command, runs it and turns its outcome into an exit code (see Usage).</summary>
internal static class Program
{
    public static async Task<int> Main(string[] args)
    {
        // Windows consoles default to a code page without 亿元 or Chinese city names.
        Console.OutputEncoding = Encoding.UTF8;
        using var cancel = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) => { e.Cancel = true; cancel.Cancel(); };
        return await RunAsync(args, Console.Out, Console.Error, Environment.GetEnvironmentVariable, cancel.Token);
    }

    /// <summary>The whole CLI with its outside world passed in, so tests can run it in-process.</summary>
    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error,
        Func<string, string?> environment, CancellationToken ct = default)
    {
        if (args.Length == 0 || args[0] is "help" or "--help" or "-h" || args.Contains("--help") || args.Contains("-h"))
        {
            output.WriteLine(Usage.Text);
            return ExitCodes.Success;
        }

        try
        {
            Command command = args[0] switch
            {
                "push" => new PushCommand(),
                "status" => new StatusCommand(),
                "ranking" => new RankingCommand(),
                "movers" => new MoversCommand(),
                _ => throw new UsageException($"unknown command '{args[0]}'"),
            };
            var arguments = Arguments.Parse(args.Skip(1), [.. command.ValueOptions, .. Settings.Options], command.Flags);
            var settings = Settings.From(arguments, environment);
            return await command.RunAsync(new CommandContext(arguments, settings, output, error), ct);
        }
        catch (UsageException ex)
        {
            error.WriteLine($"trademesh: {ex.Message}");
            error.WriteLine("Run 'trademesh help' for usage.");
            return ex.ExitCode;
        }
        catch (CliException ex)
        {
            error.WriteLine($"trademesh: {ex.Message}");
            return ex.ExitCode;
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            error.WriteLine("trademesh: cancelled");
            return ExitCodes.Unavailable;
        }
    }
}
