namespace TradeMesh.Benchmarks.Suite;

/// <summary>Resident memory of a process from /proc: VmRSS now, VmHWM the peak since it started (MB).</summary>
public static class ServiceMemory
{
    public static (double Rss, double Peak)? Read(int? pid)
    {
        if (pid is null) return null;
        try
        {
            var lines = File.ReadAllLines($"/proc/{pid}/status");
            return (Kb(lines, "VmRSS:") / 1024.0, Kb(lines, "VmHWM:") / 1024.0);
        }
        catch (IOException)
        {
            return null; // the process is gone
        }
    }

    /// <summary>Resets the process's peak (VmHWM) to its RSS now, so a later read gives the peak of what came between (Linux, as root).</summary>
    public static void ResetPeak(int? pid)
    {
        if (pid is not null) File.WriteAllText($"/proc/{pid}/clear_refs", "5");
    }

    private static long Kb(string[] lines, string key) =>
        long.Parse(lines.First(l => l.StartsWith(key, StringComparison.Ordinal))[key.Length..].Trim().Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture);
}

/// <summary>
/// A service's RSS over a steady run, after its warm-up: the mean level and the least-squares
/// slope in MB per hour, judged as a share of the level per hour.
/// </summary>
public sealed record MemoryTrend(string Service, double LevelMb, double SlopeMbPerHour, double MaxMb, int Samples)
{
    public double GrowthPctPerHour => SlopeMbPerHour / LevelMb * 100;

    public static MemoryTrend From(string service, IReadOnlyList<(double Seconds, double Mb)> samples, double warmupSeconds)
    {
        var steady = samples.Where(s => s.Seconds >= warmupSeconds).ToList();
        var mx = steady.Average(s => s.Seconds);
        var my = steady.Average(s => s.Mb);
        var sxx = steady.Sum(s => (s.Seconds - mx) * (s.Seconds - mx));
        var slope = sxx == 0 ? 0 : steady.Sum(s => (s.Seconds - mx) * (s.Mb - my)) / sxx * 3600;
        return new MemoryTrend(service, my, slope, steady.Max(s => s.Mb), steady.Count);
    }
}
