using System.Text.Json;
using TradeMesh.Cli.Output;
using TradeMesh.Cli.Transport;

namespace TradeMesh.Cli.Commands;

/// <summary>`trademesh status RELEASE`: where a release is (accepted, applied or rejected, and why).</summary>
internal sealed class StatusCommand : Command
{
    public override async Task<int> RunAsync(CommandContext context, CancellationToken ct)
    {
        var releaseId = OnePositional(context.Args, "release id");
        return await QueryAsync(context, $"api/releases/{GatewayClient.Segment(releaseId)}", status =>
        {
            Write(status, context.Out);
            // A script asking about a release mostly wants to know whether it was refused.
            return status.Text("status") == "rejected" ? ExitCodes.Refused : ExitCodes.Success;
        }, ct);
    }

    public static void Write(JsonElement status, TextWriter writer)
    {
        writer.WriteLine($"releaseId  {status.Text("releaseId")}");
        writer.WriteLine($"status     {status.Text("status")}");
        writer.WriteLine($"cities     {status.Text("cities")}");
        writer.WriteLine($"applied    {status.Text("applied")}");
        var reasons = status.Items("reasons").Select(r => r.ValueKind == JsonValueKind.String ? r.GetString()! : r.GetRawText()).ToList();
        writer.WriteLine(reasons.Count == 0 ? "reasons    (none)" : "reasons");
        foreach (var reason in reasons) writer.WriteLine($"  {reason}");
    }
}
