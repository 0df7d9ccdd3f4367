using System.CommandLine;
using System.Globalization;
using TradeMesh.Cli.Output;
using TradeMesh.Cli.Releases;
using TradeMesh.Cli.Transport;

namespace TradeMesh.Cli.Commands;

/// <summary>
/// `trademesh push FILE`: sends a release over HTTP (the gateway answers 202 or lists what is
/// wrong) or AMQP (the broker confirms; the server validates later and a refusal shows in the
/// status), then with --wait follows it until the read models include it.
/// </summary>
internal static class PushCommand
{
    public static Command Create(GlobalOptions global)
    {
        var file = new Argument<string>("FILE") { Description = "A release: JSON as in the contract, or CSV with the header cityCode,name,province,total,exports,imports,yoyPct" };
        var via = new Option<string>("--via")
        {
            Description = "http: POST to the gateway with the API key; amqp: publish to the exchange trademesh.releases (persistent, confirmed)",
            HelpName = "http|amqp", DefaultValueFactory = _ => "http",
        };
        via.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<string>() is { } v && v is not ("http" or "amqp")) r.AddError($"--via must be http or amqp, not '{v}'");
        });
        var wait = new Option<bool>("--wait") { Description = "Then follow the release until it is applied or rejected" };
        var timeout = new Option<double>("--timeout")
        {
            Description = "Seconds to wait for the broker's confirm and for --wait", HelpName = "SECONDS", DefaultValueFactory = _ => 60,
            CustomParser = r =>
            {
                var text = r.Tokens.Single().Value;
                if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var s) && s > 0 && s <= 86_400) return s;
                r.AddError($"--timeout must be a number of seconds above 0, not '{text}'");
                return 0;
            },
        };
        var fields = new ReleaseFields.Options();

        var command = new Command("push", "Send a release over HTTP or AMQP; CSV needs the release fields as options.") { file, via, wait, timeout };
        foreach (var option in fields.All) command.Options.Add(option);
        command.SetAction((result, ct) => RunAsync(global.Context(result), ReleaseFile.Read(result.GetValue(file)!, fields, result),
            result.GetValue(via) == "amqp", result.GetValue(wait), TimeSpan.FromSeconds(result.GetValue(timeout)), ct));
        return command;
    }

    private static async Task<int> RunAsync(CommandContext context, ReleaseFile file, bool amqp, bool wait, TimeSpan timeout, CancellationToken ct)
    {
        var code = amqp ? await PushAmqpAsync(context, file, timeout, ct) : await PushHttpAsync(context, file, ct);
        if (code != ExitCodes.Success || !wait) return code;

        if (file.ReleaseId is null)
            throw new CliException(ExitCodes.Unavailable, "the answer named no release id to follow");
        return await ReleaseProgress.WaitAsync(context, file.ReleaseId, timeout, expectUnknownAtFirst: amqp, ct);
    }

    private static async Task<int> PushHttpAsync(CommandContext context, ReleaseFile file, CancellationToken ct)
    {
        context.Out.WriteLine($"Sending {Describe(file)} to {context.Settings.Gateway} over HTTP");
        if (context.Settings.ApiKey is null)
            context.Error.WriteLine("warning: no API key (--api-key or TRADEMESH_API_KEY); the gateway will likely answer 401");

        using var gateway = context.Gateway();
        var answer = file.IsCsv
            ? await gateway.PostAsync("api/releases" + file.Fields!.QueryString(), file.Content, "text/csv", ct)
            : await gateway.PostAsync("api/releases", file.Content, "application/json", ct);

        if (answer.Status == 202 && answer.Json is { } accepted)
        {
            context.Out.WriteLine($"accepted: release {accepted.Text("releaseId")}, {accepted.Text("cities")} cities, " +
                                  $"status {accepted.Text("status")} ({accepted.Text("statusUrl")})");
            if (accepted.Text("traceUrl") is { Length: > 0 } trace) context.Out.WriteLine($"trace: {trace}");
            StatusReport.WriteWarnings(accepted, context.Out);
            return ExitCodes.Success;
        }

        context.Error.WriteLine($"refused: {answer.Describe()}");
        foreach (var reason in answer.Reasons) context.Error.WriteLine($"  {reason}");
        if (answer.Status == 401) context.Error.WriteLine("  (give the key with --api-key or TRADEMESH_API_KEY; a local run keeps it in .state/local/api-key)");
        return answer.IsSuccess ? ExitCodes.Unavailable : ExitCodes.ForHttpStatus(answer.Status, isQuery: false);
    }

    private static async Task<int> PushAmqpAsync(CommandContext context, ReleaseFile file, TimeSpan timeout, CancellationToken ct)
    {
        // Over AMQP nobody answers with the id, and it is also the message id: the file must name it.
        if (file.ReleaseId is null)
            throw new UsageException($"{file.Path} is not release JSON with a string releaseId; over AMQP the CLI needs it to publish and follow the release");

        context.Out.WriteLine($"Publishing {Describe(file)} to exchange {AmqpPublisher.Exchange} at {context.Settings.AmqpDisplay}");
        await AmqpPublisher.PublishAsync(context.Settings, file.ReleaseId, file.Json(), timeout, ct);
        context.Out.WriteLine($"published: release {file.ReleaseId}, confirmed by the broker; follow it with 'trademesh status {file.ReleaseId}'");
        return ExitCodes.Success;
    }

    private static string Describe(ReleaseFile file) =>
        $"release {file.ReleaseId ?? "(no id)"} ({file.Cities switch { null => "? cities", 1 => "1 city", { } n => $"{n} cities" }}) from {file.Path}";
}
