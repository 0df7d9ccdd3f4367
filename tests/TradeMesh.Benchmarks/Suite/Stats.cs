namespace TradeMesh.Benchmarks.Suite;

internal static class Stats
{
    public static double Median(IEnumerable<double> xs) => Percentile(xs, 0.5);

    /// <summary>Nearest-rank percentile: with 20 samples p99 is the largest, as it should be.</summary>
    public static double Percentile(IEnumerable<double> xs, double p)
    {
        var sorted = xs.Order().ToList();
        if (sorted.Count == 0) return double.NaN;
        return sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Count) - 1, 0, sorted.Count - 1)];
    }
}
