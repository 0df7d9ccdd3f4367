namespace TradeMesh.EndToEnd.Tests.Analyst;

/// <summary>
/// The three sample releases and a county release for 2025 (Yiwu and Kunshan, county-level cities),
/// with the effective figures worked out here from the files, apart from the services' code.
/// </summary>
public static class SeedSample
{
    public const string CountyReleaseId = "seed-2025-counties";

    public static readonly string[] Files = ["2024-annual-official.json", "2025-annual-preliminary.json", "2025-annual-revised-tianjin.json"];

    public static readonly (string Code, decimal Total)[] Counties = [("320583", 5300m), ("330782", 7100m)];

    public static string CountyRelease() => TestReleases.Json(CountyReleaseId, "2025", Counties, stage: "preliminary",
        publishedAt: "2026-01-22T08:00:00+08:00");

    public static IEnumerable<string> SampleReleases() => [.. Files.Select(f => File.ReadAllText(TestEnvironment.SampleData(f))), CountyRelease()];

    public static SpecRelease Read(string file) => SpecRelease.Parse(File.ReadAllText(TestEnvironment.SampleData(file)));

    /// <summary>Each city's effective figure of a period: the highest stage wins, then the later publication.</summary>
    public static Dictionary<string, SpecCity> Effective(string period) =>
        Files.Select(Read).Where(r => r.Period == period)
            .SelectMany(r => r.Cities.Select(c => (r.StageRank, r.PublishedAt, City: c)))
            .GroupBy(x => x.City.CityCode)
            .ToDictionary(g => g.Key, g => g.OrderByDescending(x => x.StageRank).ThenByDescending(x => x.PublishedAt).First().City);

    /// <summary>The effective national total of a period (the revision carries none, so the preliminary one stands).</summary>
    public static decimal National(string period) =>
        Files.Select(Read).Where(r => r.Period == period && r.NationalTotal is not null).OrderByDescending(r => r.StageRank).First().NationalTotal!.Value;

    /// <summary>Competition ranks by total ("1224"), ties by code.</summary>
    public static Dictionary<string, int> Ranks(string period)
    {
        var sorted = Effective(period).Values.OrderByDescending(c => c.Total).ThenBy(c => c.CityCode, StringComparer.Ordinal).ToList();
        return sorted.ToDictionary(c => c.CityCode, c => sorted.FindIndex(x => x.Total == c.Total) + 1);
    }

    /// <summary>Growth as the contract defines it: the reported one, else computed from the comparison period.</summary>
    public static decimal Growth(string code)
    {
        var now = Effective("2025")[code];
        return now.YoyPct ?? Math.Round((now.Total / Effective("2024")[code].Total - 1m) * 100m, 2, MidpointRounding.AwayFromZero);
    }

    /// <summary>provinces.csv: two-digit code to region.</summary>
    public static Dictionary<string, string> Regions() =>
        File.ReadAllLines(Path.Combine(TestEnvironment.RepoRoot, "contracts", "TradeMesh.Contracts", "Geography", "provinces.csv"))
            .Skip(1).Where(l => l.Length > 0).Select(l => l.Split(',')).ToDictionary(c => c[0], c => c[3]);

    /// <summary>Like-for-like growth of a group: over its cities with a figure in both years.</summary>
    public static decimal GroupGrowth(Func<string, bool> inGroup)
    {
        var (now, before) = (Effective("2025"), Effective("2024"));
        var comparable = now.Keys.Where(inGroup).Where(before.ContainsKey).ToList();
        return Math.Round((comparable.Sum(c => now[c].Total) / comparable.Sum(c => before[c].Total) - 1m) * 100m, 2, MidpointRounding.AwayFromZero);
    }
}
