using JasperFx.Events.Daemon;
using Marten;
using Npgsql;
using TradeMesh.Projections.Rebuilding;
using TradeMesh.Projections.Releases.StoringEvents;

namespace TradeMesh.Projections.Daemon;

/// <summary>
/// Keeps HotCold honest after a lost database connection. Marten's coordinator decides that this
/// replica leads from the lock handle it remembers, not from PostgreSQL: when PostgreSQL crashes,
/// the advisory lock dies with its connection, another replica takes it after the restart, and
/// this one keeps running its agents on a lock it no longer holds (two daemons, progression
/// updates out of order). So while agents run here, this guard asks PostgreSQL every second
/// whether a session of this process (its unique application name) holds an advisory lock in
/// the database; when none does, or PostgreSQL cannot say, it restarts the coordinator, which
/// stops the agents, drops the dead handle and starts them again only once it has taken the lock
/// anew. The replica is thus fenced before PostgreSQL is back, so the next holder never overlaps it.
/// </summary>
/// <remarks>Projections:LockGuard=false turns it off: only to reproduce the split brain it prevents.</remarks>
public sealed class DaemonLockGuard(IDocumentStore store, IProjectionCoordinator coordinator, RebuildRuns rebuilds,
    IConfiguration configuration, ILogger<DaemonLockGuard> logger) : BackgroundService
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    /// <summary>Unique per process, so the lock's session can be told from the other replicas' sessions.</summary>
    // Under PostgreSQL's 63-byte limit whatever the pid: a longer name would be cut and not match.
    public static string ApplicationName { get; } = $"trademesh-projections-{Environment.ProcessId}-{Guid.NewGuid().ToString("N")[..16]}";

    /// <summary>How often this replica found its lock gone and restarted its coordinator.</summary>
    public int Restarts => _restarts;
    private int _restarts;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!configuration.GetValue("Projections:LockGuard", true)) return;
        using var timer = new PeriodicTimer(Interval);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                // A rebuild pauses and resumes the coordinator itself; agents that are not running need no lock.
                if (rebuilds.Status?.State == "running" || !coordinator.DaemonForMainDatabase().CurrentAgents().Any()) continue;
                var lost = await LockLostAsync(stoppingToken);
                if (lost is null) continue;
                Interlocked.Increment(ref _restarts);
                logger.LogWarning("Restarting the projection coordinator: {Reason}; it applies events again only once it holds the lock anew", lost);
                await coordinator.StopAsync(stoppingToken);
                await coordinator.StartAsync(stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
            {
                logger.LogWarning(ex, "Restarting the projection coordinator failed; trying again in {Interval}", Interval);
            }
        }
    }

    /// <summary>Why the lock counts as lost, or null while a session of this process holds it.</summary>
    private async Task<string?> LockLostAsync(CancellationToken stoppingToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(3));
        try
        {
            return await HoldsAdvisoryLockAsync(timeout.Token) ? null : "no session of this replica holds the daemon's advisory lock (its connection was lost)";
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
        {
            // PostgreSQL unreachable: the lock's own connection is most likely gone with it, and an
            // unconfirmed lock must not keep agents running, or they race the next holder once it is back.
            return $"PostgreSQL could not confirm the daemon's advisory lock ({ex.GetType().Name}: {ex.Message})";
        }
    }

    private async Task<bool> HoldsAdvisoryLockAsync(CancellationToken ct)
    {
        await using var session = store.QuerySession();
        var held = await session.AdvancedSql.QueryAsync<bool>(
            "select exists(select 1 from pg_locks l join pg_stat_activity a on a.pid = l.pid " +
            "where l.locktype = 'advisory' and l.granted and l.database = (select oid from pg_database where datname = current_database()) " +
            "and a.application_name = ? and l.objid::bigint <> ?)", ct, ApplicationName, (long)SequenceAfterRestart.LockId);
        return held.Single();
    }

    /// <summary>The connection string with this process's application name, for every connection of the store (the lock's too).</summary>
    public static string Named(string connectionString) =>
        new NpgsqlConnectionStringBuilder(connectionString) { ApplicationName = ApplicationName }.ConnectionString;
}
