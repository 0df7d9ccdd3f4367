using System.Reflection;

namespace TradeMesh.Ingestion.Releases.Validating;

/// <summary>Known cities (GB/T 2260 code, name, province): a release may omit their names.</summary>
public sealed class CityRegistry
{
    private readonly Dictionary<string, (string Name, string Province)> _cities;

    public CityRegistry(IEnumerable<(string Code, string Name, string Province)> cities) =>
        _cities = cities.ToDictionary(c => c.Code, c => (c.Name, c.Province));

    public bool TryGet(string code, out (string Name, string Province) city) => _cities.TryGetValue(code, out city);

    /// <summary>The registry shipped with the service (cities.csv, embedded).</summary>
    public static CityRegistry Embedded()
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("TradeMesh.Ingestion.cities.csv")
            ?? throw new InvalidOperationException("cities.csv is not embedded");
        using var reader = new StreamReader(stream);
        var cities = new List<(string, string, string)>();
        reader.ReadLine(); // header: cityCode,name,nameZh,province,provinceZh
        while (reader.ReadLine() is { } line)
        {
            var cells = line.Split(',');
            if (cells.Length >= 4) cities.Add((cells[0], cells[1], cells[3]));
        }
        return new CityRegistry(cities);
    }
}
