using System.Diagnostics.Metrics;
using System.Globalization;
using JasperFx.Events;
using TradeMesh.Projections.Releases.GettingProgress;

namespace TradeMesh.Projections.Releases.MeasuringLatency;

/// <summary>
/// The histogram trademesh.release.push_to_applied: for each release, the seconds from its
/// acceptance (when ingestion published its events, the messages' sent time, stored with each
/// event) to the batch that made every read model include it. Recorded by the live projection
/// only: a rebuild is not a push. A batch that fails to commit and runs again records again.
/// </summary>
public static class PushToApplied
{
    public const string AcceptedAtHeader = "trademesh-accepted-at";

    private static readonly Histogram<double> Latency = Telemetry.Meter.CreateHistogram<double>("trademesh.release.push_to_applied",
        unit: "s", description: "From a release's acceptance to every read model including it",
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300] });

    public static string Format(DateTimeOffset acceptedAt) => acceptedAt.ToString("O", CultureInfo.InvariantCulture);

    /// <summary>Records the releases this batch completed, from the acceptance time on their events in it.</summary>
    public static void Record(IEnumerable<ReleaseProgress> completed, IReadOnlyList<IEvent> batch)
    {
        if (!Latency.Enabled) return;
        var acceptedAt = new Dictionary<string, DateTimeOffset>();
        foreach (var e in batch)
        {
            if (e.StreamKey is not { } release || !DateTimeOffset.TryParse(e.Headers?.GetValueOrDefault(AcceptedAtHeader)?.ToString(),
                    CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var at)) continue;
            if (!acceptedAt.TryGetValue(release, out var earliest) || at < earliest) acceptedAt[release] = at;
        }
        foreach (var release in completed)
        {
            // Events stored before this header existed carry no acceptance time: nothing to measure.
            if (release.AppliedAt is not { } appliedAt || !acceptedAt.TryGetValue(release.Id, out var accepted)) continue;
            Latency.Record(Math.Max(0, (appliedAt - accepted).TotalSeconds), new KeyValuePair<string, object?>("trademesh.release.stage", release.Stage));
        }
    }
}
