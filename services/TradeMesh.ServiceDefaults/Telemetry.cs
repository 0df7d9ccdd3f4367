using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// TradeMesh's own spans and metrics (ActivitySource and Meter "TradeMesh"), and the W3C trace
/// context that travels with a release: in a message header, then in each stored event's headers.
/// </summary>
public static class Telemetry
{
    public const string Name = "TradeMesh";
    public const string TraceParentHeader = "traceparent";

    public static readonly ActivitySource Source = new(Name);
    public static readonly Meter Meter = new(Name);

    /// <summary>The current span as a W3C traceparent, or null when nothing is being traced.</summary>
    public static string? CurrentTraceParent() => Activity.Current is { IdFormat: ActivityIdFormat.W3C } a ? a.Id : null;

    public static bool TryParse(string? traceParent, out ActivityContext context)
    {
        context = default;
        return !string.IsNullOrEmpty(traceParent) && ActivityContext.TryParse(traceParent, null, isRemote: true, out context);
    }

    /// <summary>
    /// A span that continues the given trace: a child of the current span when that is already in
    /// the trace, else a child of the remote parent. Null when nobody listens.
    /// </summary>
    public static Activity? StartContinuing(string name, ActivityKind kind, string? traceParent, IEnumerable<ActivityLink>? links = null)
    {
        if (TryParse(traceParent, out var parent) && Activity.Current?.TraceId != parent.TraceId)
            return Source.StartActivity(name, kind, parent, links: links);
        return Source.StartActivity(name, kind, parentContext: default, links: links);
    }
}
