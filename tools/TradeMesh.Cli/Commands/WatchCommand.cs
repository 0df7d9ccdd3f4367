using System.CommandLine;
using System.Net.ServerSentEvents;
using System.Text.Json;
using TradeMesh.Cli.Output;

namespace TradeMesh.Cli.Commands;

/// <summary>
/// `trademesh watch`: follows GET /api/feed (Server-Sent Events) and prints each release-applied
/// digest as it comes. A dropped connection is opened again with Last-Event-ID, so nothing the
/// server still holds is missed; Ctrl-C ends it with exit code 0.
/// </summary>
internal static class WatchCommand
{
    public const string Event = "release-applied";
    private static readonly TimeSpan FirstRetry = TimeSpan.FromSeconds(1), LongestRetry = TimeSpan.FromSeconds(30);

    public static Command Create(GlobalOptions global)
    {
        var format = new Option<string>("--format")
        {
            Description = "table: a digest for people; json: each event's data on one line, as the server sent it",
            HelpName = "table|json", DefaultValueFactory = _ => "table",
        };
        format.AcceptOnlyFromAmong("table", "json");
        var since = QueryOptions.Text("--since", "EVENT-ID", "Start after this event id (as Last-Event-ID), to replay what was missed");
        var command = new Command("watch", "Follow the release-applied feed and print each digest until Ctrl-C.") { format, since };
        command.SetAction((result, ct) => RunAsync(global.Context(result), result.GetValue(format) == "json", result.GetValue(since), ct));
        return command;
    }

    public static async Task<int> RunAsync(CommandContext context, bool json, string? lastId, CancellationToken ct)
    {
        // The feed stays open for hours: no request timeout, a dead connection shows as an error and is reopened.
        using var gateway = context.Gateway(Timeout.InfiniteTimeSpan);
        // The server's `retry:` holds for the rest of the session, as in a browser's EventSource; failures back off from it.
        var serverRetry = FirstRetry;
        var retry = serverRetry;
        var connected = false;
        while (true)
        {
            try
            {
                var (problem, stream) = await gateway.OpenEventsAsync("api/feed", lastId, ct);
                if (problem is not null)
                {
                    // 5xx is a gateway or service on its way back: wait for it as for a dropped connection.
                    if (problem.Status < 500)
                    {
                        problem.WriteProblem(context.Error);
                        return ExitCodes.ForHttpStatus(problem.Status, isQuery: true);
                    }
                    context.Error.WriteLine($"the feed answered {problem.Describe()}");
                }
                else
                {
                    using (stream)
                    {
                        if (!connected) context.Error.WriteLine($"following {context.Settings.Gateway}api/feed (Ctrl-C to stop)");
                        connected = true;
                        retry = serverRetry;
                        await using var body = await stream!.Content.ReadAsStreamAsync(ct);
                        await foreach (var item in SseParser.Create(body).EnumerateAsync(ct))
                        {
                            if (item.EventId is { Length: > 0 } id) lastId = id;
                            if (item.ReconnectionInterval is { } interval) retry = serverRetry = interval;
                            if (item.EventType == Event) Print(item.Data, json, context.Out);
                        }
                    }
                }
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return ExitCodes.Success;
            }
            catch (CliException ex) when (ex.ExitCode == ExitCodes.Unavailable && !connected)
            {
                throw; // never reached the feed: say so rather than wait in silence
            }
            catch (Exception ex) when (ex is CliException or HttpRequestException or IOException)
            {
                context.Error.WriteLine($"the feed was cut: {ex.Message}");
            }

            context.Error.WriteLine($"reconnecting in {retry.TotalSeconds:0.#} s{(lastId is null ? "" : $" after event {lastId}")}");
            try { await Task.Delay(retry, ct); }
            catch (OperationCanceledException) { return ExitCodes.Success; }
            retry = TimeSpan.FromTicks(Math.Min(retry.Ticks * 2, LongestRetry.Ticks));
        }
    }

    private static void Print(string data, bool json, TextWriter output)
    {
        if (json)
        {
            output.WriteLine(data.ReplaceLineEndings(" "));
            return;
        }
        try
        {
            using var document = JsonDocument.Parse(data);
            DigestReport.Write(document.RootElement, output);
        }
        catch (JsonException)
        {
            output.WriteLine($"{Event}: {data}");
        }
    }
}
