namespace TradeMesh.Ingestion.Releases.OpeningTrace;

/// <summary>
/// The link from a release to its trace in the viewer of the running set-up: the setting
/// Tracing:ViewerUrl with a {traceId} placeholder (the local Aspire Dashboard, or Jaeger's
/// /trace/{traceId}). No setting, or no trace: no link.
/// </summary>
public static class TraceLink
{
    public const string Setting = "Tracing:ViewerUrl";

    public static string? For(IConfiguration configuration, string? traceId) =>
        string.IsNullOrEmpty(traceId) || string.IsNullOrWhiteSpace(configuration[Setting])
            ? null
            : configuration[Setting]!.Replace("{traceId}", traceId, StringComparison.Ordinal);
}
