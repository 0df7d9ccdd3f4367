namespace TradeMesh.Projections.Rebuilding;

public sealed record RebuildStatus(string State, DateTimeOffset StartedAt, DateTimeOffset? FinishedAt, RebuildResult? Result, string? Error);

/// <summary>
/// Runs a rebuild apart from the request that asked for it: a rebuild of a large store outlasts
/// the gateway's timeout, and a client going away must not abort it half-way. One at a time on
/// this replica; its status stays readable (GET /admin/rebuild) until the next one. The status is
/// read from the run itself, so it never lags behind what the request waiting on it was told.
/// </summary>
public sealed class RebuildRuns(ReadModelRebuilder rebuilder, IHostApplicationLifetime lifetime, ILogger<RebuildRuns> logger)
{
    private readonly Lock _gate = new();
    private Task<RebuildResult>? _run;
    private DateTimeOffset _startedAt;
    private DateTimeOffset? _finishedAt;

    public RebuildStatus? Status
    {
        get
        {
            lock (_gate)
            {
                if (_run is null) return null;
                if (!_run.IsCompleted) return new RebuildStatus("running", _startedAt, null, null, null);
                return _run.IsCompletedSuccessfully
                    ? new RebuildStatus("succeeded", _startedAt, _finishedAt, _run.Result, null)
                    : new RebuildStatus("failed", _startedAt, _finishedAt, null, _run.Exception?.GetBaseException().Message ?? "cancelled");
            }
        }
    }

    /// <summary>The running rebuild, or a new one when none runs.</summary>
    public Task<RebuildResult> StartOrJoin()
    {
        lock (_gate)
        {
            if (_run is { IsCompleted: false }) return _run;
            (_startedAt, _finishedAt) = (DateTimeOffset.UtcNow, null);
            _run = Task.Run(RunAsync);
            return _run;
        }
    }

    private async Task<RebuildResult> RunAsync()
    {
        try
        {
            return await rebuilder.RebuildAsync(lifetime.ApplicationStopping);
        }
        catch (Exception e)
        {
            logger.LogError(e, "Rebuild failed");
            throw;
        }
        finally
        {
            lock (_gate) _finishedAt = DateTimeOffset.UtcNow;
        }
    }
}
