using System.CommandLine;
using System.Text.Json;

namespace TradeMesh.Cli.Commands;

/// <summary>
/// A read command: a GET through the gateway whose options become query parameters, printed as a
/// table, or with --format csv|json as the server's own answer, byte for byte, for scripts.
/// </summary>
internal sealed class QueryCommand : Command
{
    private readonly List<(string Name, Func<ParseResult, string?> Value)> _parameters = [];

    public Option<string> Format { get; } = QueryOptions.Format();

    public QueryCommand(string name, string description) : base(name, description) => Options.Add(Format);

    /// <summary>Adds an option that is sent as the query parameter <paramref name="parameter"/> when given.</summary>
    public QueryCommand With<T>(Option<T> option, string parameter)
    {
        Options.Add(option);
        _parameters.Add((parameter, result => result.GetValue(option)?.ToString()));
        return this;
    }

    /// <summary>Adds a positional argument that is sent as the query parameter <paramref name="parameter"/>.</summary>
    public QueryCommand With<T>(Argument<T> argument, string parameter)
    {
        Arguments.Add(argument);
        _parameters.Add((parameter, result => result.GetValue(argument)?.ToString()));
        return this;
    }

    public string Query(ParseResult result) => Commands.Query.Build([.. _parameters.Select(p => (p.Name, p.Value(result)))]);

    /// <summary>Runs the action: GET <paramref name="path"/> (from the parse result) and print the answer.</summary>
    public QueryCommand Runs(GlobalOptions global, Func<ParseResult, string> path, Action<JsonElement, TextWriter> table,
        Func<JsonElement, int>? exitCode = null)
    {
        SetAction((result, ct) => RunAsync(global.Context(result), path(result) + Query(result), result.GetValue(Format)!, table, exitCode, ct));
        return this;
    }

    public static async Task<int> RunAsync(CommandContext context, string path, string format, Action<JsonElement, TextWriter> table,
        Func<JsonElement, int>? exitCode, CancellationToken ct)
    {
        using var gateway = context.Gateway();
        var csv = format == "csv";
        var answer = await gateway.GetAsync(csv ? path + (path.Contains('?') ? "&" : "?") + "format=csv" : path, ct,
            accept: csv ? "text/csv" : "application/json");
        if (!answer.IsSuccess)
        {
            answer.WriteProblem(context.Error);
            return ExitCodes.ForHttpStatus(answer.Status, isQuery: true);
        }

        if (format != "table")
        {
            context.Out.Write(answer.Body);
            if (!answer.Body.EndsWith('\n')) context.Out.WriteLine();
            return answer.Json is { } body && exitCode is not null ? exitCode(body) : ExitCodes.Success;
        }
        if (answer.Json is not { } json)
            throw new CliException(ExitCodes.Unavailable, $"the gateway answered {path} with something that is not JSON: {answer.Describe()}");
        table(json, context.Out);
        return exitCode?.Invoke(json) ?? ExitCodes.Success;
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
