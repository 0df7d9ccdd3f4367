using TradeMesh.Contracts;

namespace TradeMesh.Ingestion.Releases.Validating;

/// <summary>Known cities (GB/T 2260 code, name, province): a release may omit their names.</summary>
public sealed class CityRegistry
{
    private readonly Dictionary<string, (string Name, string Province)> _cities;

    public CityRegistry(IEnumerable<(string Code, string Name, string Province)> cities) =>
        _cities = cities.ToDictionary(c => c.Code, c => (c.Name, c.Province));

    public bool TryGet(string code, out (string Name, string Province) city) => _cities.TryGetValue(code, out city);

    /// <summary>The registry both services share (<see cref="Geography.KnownCities"/>).</summary>
    public static CityRegistry Embedded() =>
        new(Geography.KnownCities.Values.Select(c => (c.Code, c.Name, Geography.ProvinceOf(c.Code)!.Name)));
}
