namespace TradeMesh.Benchmarks.Suite;

/// <summary>
/// One measured burst of the pipeline against the running system, for runs that change the
/// system between rounds (deploy/local/bench-tracing.sh restarts it with tracing export on or
/// off): a small warm-up release (the services were just started), then the issue-8 burst (20 x
/// 5,000-city releases over HTTP, push -> applied) on periods no other round uses. Prints one
/// line: `LABEL EVENTS_PER_SECOND`.
/// </summary>
public static class PipelineRound
{
    public static async Task<int> RunAsync(string[] args)
    {
        string? state = null, label = null;
        var baseYear = 0;
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--state": state = args[++i]; break;
                case "--label": label = args[++i]; break;
                case "--base-year": baseYear = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
                default: throw new ArgumentException($"unknown option {args[i]}");
            }
        }
        if (state is null || label is null || baseYear == 0) throw new ArgumentException("usage: pipeline --state DIR --label NAME --base-year YEAR");

        var endpoints = new Endpoints(state);
        await using var probe = new StoreProbe(endpoints.Postgres);
        await using var pusher = await ReleasePusher.ConnectAsync(endpoints);
        var pipeline = new Pipeline(pusher, probe, TimeSpan.FromMinutes(10));
        var tag = DateTime.UtcNow.ToString("HHmmss", CultureInfo.InvariantCulture);
        await pipeline.BurstAsync("http", $"warm{tag}", 1, 1_000, baseYear + 5);
        var burst = await pipeline.BurstAsync("http", tag, 20, 5_000, baseYear);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{label} {burst.Rate:F0}"));
        return 0;
    }
}
