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
internal sealed class PushCommand : Command
{
    public override IReadOnlyCollection<string> ValueOptions => ["--via", "--timeout", .. ReleaseFields.Options];
    public override IReadOnlyCollection<string> Flags => ["--wait"];

    public override async Task<int> RunAsync(CommandContext context, CancellationToken ct)
    {
        var args = context.Args;
        var path = OnePositional(args, "release file");
        var via = args.Value("--via") ?? "http";
        if (via is not ("http" or "amqp")) throw new UsageException($"--via must be http or amqp, not '{via}'");
        var timeout = Timeout(args);
        var file = ReleaseFile.Read(path, args);

        var code = via == "http" ? await PushHttpAsync(context, file, ct) : await PushAmqpAsync(context, file, timeout, ct);
        if (code != ExitCodes.Success || !args.Flag("--wait")) return code;

        if (file.ReleaseId is null)
            throw new CliException(ExitCodes.Unavailable, "the answer named no release id to follow");
        return await ReleaseProgress.WaitAsync(context, file.ReleaseId, timeout, expectUnknownAtFirst: via == "amqp", ct);
    }

    private static async Task<int> PushHttpAsync(CommandContext context, ReleaseFile file, CancellationToken ct)
    {
        context.Out.WriteLine($"Sending {Describe(file)} to {context.Settings.Gateway} over HTTP");
        if (context.Settings.ApiKey is null)
            context.Error.WriteLine("warning: no API key (--api-key or TRADEMESH_API_KEY); the gateway will likely answer 401");

        using var gateway = new GatewayClient(context.Settings);
        var answer = file.IsCsv
            ? await gateway.PostAsync("api/releases" + file.Fields!.QueryString(), file.Content, "text/csv", ct)
            : await gateway.PostAsync("api/releases", file.Content, "application/json", ct);

        if (answer.Status == 202 && answer.Json is { } accepted)
        {
            context.Out.WriteLine($"accepted: release {accepted.Text("releaseId")}, {accepted.Text("cities")} cities, " +
                                  $"status {accepted.Text("status")} ({accepted.Text("statusUrl")})");
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

    private static TimeSpan Timeout(Arguments args)
    {
        if (args.Value("--timeout") is not { } text) return TimeSpan.FromSeconds(60);
        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) && seconds > 0 && seconds <= 86_400
            ? TimeSpan.FromSeconds(seconds)
            : throw new UsageException($"--timeout must be a number of seconds above 0, not '{text}'");
    }
}
