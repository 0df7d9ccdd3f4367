using System.Text.Json;

namespace TradeMesh.Cli.Output;

/// <summary>A release's status (GET /api/releases/{id}) as aligned lines, with its trace link and warnings.</summary>
internal static class StatusReport
{
    public static void Write(JsonElement status, TextWriter writer)
    {
        writer.WriteLine($"releaseId  {status.Text("releaseId")}");
        writer.WriteLine($"status     {status.Text("status")}");
        writer.WriteLine($"cities     {status.Text("cities")}");
        writer.WriteLine($"applied    {status.Text("applied")}");
        if (status.Text("traceUrl") is { Length: > 0 } trace) writer.WriteLine($"traceUrl   {trace}");
        var reasons = status.Items("reasons").Select(r => r.AsText()).ToList();
        writer.WriteLine(reasons.Count == 0 ? "reasons    (none)" : "reasons");
        foreach (var reason in reasons) writer.WriteLine($"  {reason}");
        WriteWarnings(status, writer);
    }

    /// <summary>
    /// The release's warnings, one per line as `code city: message`, when the answer has them: it
    /// was accepted, but a figure looks wrong (a unit slip, a province that does not match the code).
    /// </summary>
    public static void WriteWarnings(JsonElement status, TextWriter writer)
    {
        var warnings = status.Items("warnings").ToList();
        if (warnings.Count == 0) return;
        var count = status.Number("warningCount") is { } all && all > warnings.Count ? $"{warnings.Count} of {all}" : $"{warnings.Count}";
        writer.WriteLine($"warnings ({count})");
        foreach (var w in warnings)
            writer.WriteLine($"  {w.Text("code")}{(w.Text("cityCode") is { Length: > 0 } city ? " " + city : "")}: {w.Text("message")}");
    }
}
