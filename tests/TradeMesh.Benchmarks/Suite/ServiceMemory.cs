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

    private static long Kb(string[] lines, string key) =>
        long.Parse(lines.First(l => l.StartsWith(key, StringComparison.Ordinal))[key.Length..].Trim().Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture);
}

/// <summary>RSS samples of one service over a run: the first window against the last, and the slope.</summary>
public sealed record MemoryTrend(string Service, double FirstMb, double LastMb, double SlopeMbPerMinute, double MaxMb)
{
    public static MemoryTrend From(string service, IReadOnlyList<(double Seconds, double Mb)> samples, double window)
    {
        var end = samples[^1].Seconds;
        var first = samples.Where(s => s.Seconds <= samples[0].Seconds + window).Average(s => s.Mb);
        var last = samples.Where(s => s.Seconds >= end - window).Average(s => s.Mb);
        // Least-squares slope, per minute.
        var mx = samples.Average(s => s.Seconds);
        var my = samples.Average(s => s.Mb);
        var sxx = samples.Sum(s => (s.Seconds - mx) * (s.Seconds - mx));
        var slope = sxx == 0 ? 0 : samples.Sum(s => (s.Seconds - mx) * (s.Mb - my)) / sxx * 60;
        return new MemoryTrend(service, first, last, slope, samples.Max(s => s.Mb));
    }
}
