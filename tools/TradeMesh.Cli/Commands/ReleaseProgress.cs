using System.Diagnostics;
using TradeMesh.Cli.Output;
using TradeMesh.Cli.Transport;

namespace TradeMesh.Cli.Commands;

/// <summary>
/// `push --wait`: polls the release's status until every read model includes it, so a script can
/// query right after the CLI returns. Progress is printed only when it changes, to stay readable
/// on a release of thousands of cities.
/// </summary>
internal static class ReleaseProgress
{
    public static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(250);

    public static async Task<int> WaitAsync(CommandContext context, string releaseId, TimeSpan timeout, bool expectUnknownAtFirst, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        using var gateway = context.Gateway(timeout);
        var path = $"api/releases/{GatewayClient.Segment(releaseId)}";
        string? lastProgress = null, lastProblem = null;

        while (true)
        {
            try
            {
                var answer = await gateway.GetAsync(path, ct);
                if (answer.IsSuccess && answer.Json is { } status)
                {
                    if (status.Text("status") == "rejected")
                    {
                        context.Error.WriteLine($"release {releaseId} rejected:");
                        foreach (var reason in status.Items("reasons")) context.Error.WriteLine($"  {reason.AsText()}");
                        return ExitCodes.Refused;
                    }

                    var progress = $"applied {status.Text("applied")}/{status.Text("cities")}";
                    if (progress != lastProgress) context.Out.WriteLine(progress);
                    lastProgress = progress;
                    if (status.Text("status") == "applied")
                    {
                        context.Out.WriteLine($"release {releaseId} applied: every read model includes its {status.Text("cities")} cities");
                        StatusReport.WriteWarnings(status, context.Out);
                        return ExitCodes.Success;
                    }
                }
                else if (answer.Status == 404 && !expectUnknownAtFirst)
                {
                    answer.WriteProblem(context.Error);
                    return ExitCodes.NotFound;
                }
                else
                {
                    // 404 after an AMQP publish: ingestion has not taken the message off its queue yet.
                    lastProblem = answer.Describe();
                }
            }
            catch (CliException ex) when (ex.ExitCode == ExitCodes.Unavailable)
            {
                // A gateway restarting mid-wait is not the end: keep trying until the timeout.
                lastProblem = ex.Message;
            }

            if (clock.Elapsed + Interval > timeout)
            {
                var last = lastProgress ?? lastProblem ?? "no answer";
                context.Error.WriteLine($"timed out after {timeout.TotalSeconds:0.#} s waiting for release {releaseId} (last: {last})");
                return ExitCodes.Unavailable;
            }
            await Task.Delay(Interval, ct);
        }
    }
}
