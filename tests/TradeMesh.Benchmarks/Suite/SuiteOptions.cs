namespace TradeMesh.Benchmarks.Suite;

/// <summary>
/// Sizes of one suite run. The full sizes are the (30-minute steady run, 1M stored events,
/// 20 repetitions); --quick shrinks them so the whole suite can be checked in a few minutes.
/// </summary>
public sealed record SuiteOptions(bool Quick, string State, string Output, IReadOnlySet<string>? Only = null)
{
    /// <summary>Chunk messages of the RabbitMQ baseline (1,000 events each).</summary>
    public int RabbitMessages => Quick ? 100 : 400;
    public int InsertRows => Quick ? 50_000 : 200_000;
    public int DirectReleases => Quick ? 4 : 20;
    public int SustainedReleases => Quick ? 4 : 20;
    public int ReleaseCities => 5_000;
    public int LatencyRepetitions => Quick ? 3 : 20;
    public TimeSpan SteadyRun => Quick ? TimeSpan.FromSeconds(60) : TimeSpan.FromMinutes(30);
    public int SteadyReleaseCities => 1_000;
    public long StoredEvents => Quick ? 150_000 : 1_000_000;
    /// <summary>Cold reads per analyst read (cached: five times as many).</summary>
    public int AnalystRepetitions => Quick ? 10 : 40;
    public int WrkPairs => Quick ? 1 : 3;
    public int WrkSeconds => Quick ? 5 : 10;
    public TimeSpan WaitLimit => Quick ? TimeSpan.FromMinutes(5) : TimeSpan.FromMinutes(30);

    public static SuiteOptions Parse(IReadOnlyList<string> args)
    {
        var quick = false;
        string? state = null, output = null;
        HashSet<string>? only = null;
        for (var i = 0; i < args.Count; i++)
        {
            switch (args[i])
            {
                case "--quick": quick = true; break;
                case "--state": state = args[++i]; break;
                case "--out": output = args[++i]; break;
                case "--only": only = [.. args[++i].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)]; break;
                default: throw new ArgumentException($"suite: unknown argument {args[i]} (suite [--quick] [--only SECTION,...] [--state DIR] [--out FILE])");
            }
        }
        var repo = Repo.Root();
        return new SuiteOptions(quick,
            Path.GetFullPath(state ?? Path.Combine(repo, ".state", "bench")),
            Path.GetFullPath(output ?? Path.Combine(repo, "TestResults", "bench", "results.md")), only);
    }
}

internal static class Repo
{
    public static string Root()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "TradeMesh.sln"))) return dir.FullName;
        return Directory.GetCurrentDirectory();
    }
}
