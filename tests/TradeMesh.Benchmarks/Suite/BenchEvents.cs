using TradeMesh.Contracts;

namespace TradeMesh.Benchmarks.Suite;

/// <summary>
/// CityTradeReported events as ingestion makes them from a release of Target.Release's shape:
/// same ids (name-based on release, city, period), same release-level facts on every event.
/// </summary>
public static class BenchEvents
{
    public static List<CityTradeReported> Release(string releaseId, string period, int cities, int seed, DateTimeOffset publishedAt)
    {
        var random = new Random(seed);
        return [.. Enumerable.Range(0, cities).Select(i =>
        {
            var code = (100000 + i).ToString(System.Globalization.CultureInfo.InvariantCulture);
            return new CityTradeReported(EventIds.ForCityFigure(releaseId, code, period), releaseId, period, ReleaseStage.Official,
                publishedAt, code, $"City {i}", $"Province {i % 31}", random.Next(100, 5_000_000) / 100m,
                null, null, null, 10_000_000m, cities, "bench");
        })];
    }

    /// <summary>Monthly periods from a base year: a fresh period per release, so no period grows over a run.</summary>
    public static string MonthlyPeriod(int baseYear, int index) => $"{baseYear + index / 12}-{index % 12 + 1:D2}";
}
