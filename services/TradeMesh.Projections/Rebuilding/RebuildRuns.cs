namespace TradeMesh.Projections.Rebuilding;

public sealed record RebuildStatus(string State, DateTimeOffset StartedAt, DateTimeOffset? FinishedAt, RebuildResult? Result, string? Error);

/// <summary>
/// Runs a rebuild apart from the request that asked for it: a rebuild of a large store outlasts
/// the gateway's timeout, and a client going away must not abort it half-way. One at a time on
/// this replica; its status stays readable (GET /admin/rebuild) until the next one.
/// </summary>
public sealed class RebuildRuns(ReadModelRebuilder rebuilder, IHostApplicationLifetime lifetime, ILogger<RebuildRuns> logger)
{
    private readonly Lock _gate = new();
    private Task<RebuildResult>? _run;
    private RebuildStatus? _status;

    public RebuildStatus? Status { get { lock (_gate) return _status; } }

    /// <summary>The running rebuild, or a new one when none runs.</summary>
    public Task<RebuildResult> StartOrJoin()
    {
        lock (_gate)
        {
            if (_run is { IsCompleted: false }) return _run;
            var started = DateTimeOffset.UtcNow;
            _status = new RebuildStatus("running", started, null, null, null);
            _run = Task.Run(() => rebuilder.RebuildAsync(lifetime.ApplicationStopping));
            _run.ContinueWith(run =>
            {
                lock (_gate)
                    _status = run.IsCompletedSuccessfully
                        ? new RebuildStatus("succeeded", started, DateTimeOffset.UtcNow, run.Result, null)
                        : new RebuildStatus("failed", started, DateTimeOffset.UtcNow, null, run.Exception?.GetBaseException().Message ?? "cancelled");
                if (!run.IsCompletedSuccessfully) logger.LogError(run.Exception, "Rebuild failed");
            }, TaskScheduler.Default);
            return _run;
        }
    }
}
