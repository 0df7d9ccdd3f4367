using System.Globalization;

namespace TradeMesh.EndToEnd.Tests.Spec;

/// <summary>
/// Distinct valid GB/T 2260 codes for generated cities: the code decides the province (the first
/// two digits must be a mainland province), so generated data uses real prefixes. The first 3,069
/// are city-level (xxyy00), later ones county-level (xxyyzz).
/// </summary>
public static class TestCodes
{
    public static readonly string[] Provinces =
        [.. File.ReadLines(Path.Combine(Infrastructure.TestEnvironment.RepoRoot, "contracts", "TradeMesh.Contracts", "Geography", "provinces.csv"))
            .Skip(1).Where(l => l.Length > 0).Select(l => l.Split(',')[0])];

    private static readonly Dictionary<string, string> Names =
        File.ReadLines(Path.Combine(Infrastructure.TestEnvironment.RepoRoot, "contracts", "TradeMesh.Contracts", "Geography", "provinces.csv"))
            .Skip(1).Where(l => l.Length > 0).Select(l => l.Split(',')).ToDictionary(c => c[0], c => c[1]);

    public static string City(int index)
    {
        var rest = index / Provinces.Length;
        return string.Create(CultureInfo.InvariantCulture, $"{Provinces[index % Provinces.Length]}{rest % 99 + 1:D2}{rest / 99:D2}");
    }

    /// <summary>The English name of the code's province (docs/api.md: the code decides it).</summary>
    public static string ProvinceOf(string code) => Names[code[..2]];
}
