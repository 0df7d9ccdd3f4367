using System.CommandLine;
using System.CommandLine.Invocation;
using System.Text;
using TradeMesh.Cli.Commands;

namespace TradeMesh.Cli;

/// <summary>Parses the command line, runs the command and turns its outcome into an exit code (see ExitCodes).</summary>
internal static class Program
{
    public static async Task<int> Main(string[] args)
    {
        // Windows consoles default to a code page without 亿元 or Chinese city names.
        Console.OutputEncoding = Encoding.UTF8;
        using var cancel = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) => { e.Cancel = true; cancel.Cancel(); };
        return await RunAsync(args, new CliHost(Console.Out, Console.Error, Environment.GetEnvironmentVariable), cancel.Token);
    }

    /// <summary>The whole CLI with its outside world passed in, so tests can run it in-process.</summary>
    public static async Task<int> RunAsync(string[] args, CliHost host, CancellationToken ct = default)
    {
        // `trademesh` alone and `trademesh help` read as the root's --help, as most tools do.
        if (args is [] or ["help"]) args = ["--help"];
        // No response files: an argument starting with @ is a file name or a value, never a list of arguments.
        var parsed = CommandLine.Build(host).Parse(args, new ParserConfiguration { ResponseFileTokenReplacer = null });
        if (parsed.Action is ParseErrorAction)
        {
            foreach (var problem in parsed.Errors) host.Error.WriteLine($"trademesh: {problem.Message}");
            host.Error.WriteLine("Run 'trademesh help' for usage.");
            return ExitCodes.Usage;
        }

        try
        {
            // Ctrl-C is Main's to handle: it cancels ct, which `watch` takes as the way to stop.
            return await parsed.InvokeAsync(new InvocationConfiguration
            {
                Output = host.Out, Error = host.Error, EnableDefaultExceptionHandler = false, ProcessTerminationTimeout = null,
            }, ct);
        }
        catch (UsageException ex)
        {
            host.Error.WriteLine($"trademesh: {ex.Message}");
            host.Error.WriteLine("Run 'trademesh help' for usage.");
            return ex.ExitCode;
        }
        catch (CliException ex)
        {
            host.Error.WriteLine($"trademesh: {ex.Message}");
            return ex.ExitCode;
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            host.Error.WriteLine("trademesh: cancelled");
            return ExitCodes.Unavailable;
        }
    }
}
