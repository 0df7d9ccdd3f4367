namespace TradeMesh.Contracts;

/// <summary>Whether a code names a prefecture-level city (or a municipality) or a county-level one.</summary>
public enum CityLevel { City, County }

/// <summary>A mainland provincial-level division: two-digit code, names, and its NBS region (east, central, west, northeast).</summary>
public sealed record Province(string Code, string Name, string NameZh, string Region);

/// <summary>A city of the registry: the names a release may leave out.</summary>
public sealed record KnownCity(string Code, string Name, string NameZh, string ProvinceCode);

/// <summary>
/// What a GB/T 2260 code says by itself: its province (the first two digits), its region and its
/// level. Both services read the same embedded tables, so a code means the same on either side.
/// </summary>
public static class Geography
{
    public static readonly IReadOnlyList<string> Regions = ["east", "central", "west", "northeast"];

    private static readonly string[] Municipalities = ["110000", "120000", "310000", "500000"];

    public static IReadOnlyList<Province> Provinces { get; } =
        [.. ReadTable("provinces.csv").Select(c => new Province(c[0], c[1], c[2], c[3]))];

    private static readonly Dictionary<string, Province> ByCode = Provinces.ToDictionary(p => p.Code);

    // Looked up by the code's first two characters without cutting a string: a daemon batch asks
    // this for every city of every ranking it computes.
    private static readonly Dictionary<string, Province>.AlternateLookup<ReadOnlySpan<char>> ByPrefix = ByCode.GetAlternateLookup<ReadOnlySpan<char>>();

    /// <summary>The registry of names (cities.csv): codes outside it need a name in the release.</summary>
    public static IReadOnlyDictionary<string, KnownCity> KnownCities { get; } =
        ReadTable("cities.csv").Select(c => new KnownCity(c[0], c[1], c[2], c[0][..2])).ToDictionary(c => c.Code);

    /// <summary>The province a code lies in, or null when its first two digits are not a mainland province.</summary>
    public static Province? ProvinceOf(string cityCode) =>
        cityCode.Length >= 2 && ByPrefix.TryGetValue(cityCode.AsSpan(0, 2), out var p) ? p : null;

    /// <summary>
    /// The level of a well-formed 6-digit code: <c>xxyy00</c> (yy not 00) and the four municipalities
    /// are cities, a code not ending in 00 is a county; null for anything else (a province code such
    /// as 440000, or a prefix that is not a mainland province), which is not a city at all.
    /// </summary>
    public static CityLevel? LevelOf(string cityCode)
    {
        var code = cityCode.AsSpan();
        if (code.Length != 6 || code.ContainsAnyExceptInRange('0', '9') || ProvinceOf(cityCode) is null) return null;
        if (Municipalities.Contains(cityCode)) return CityLevel.City;
        if (!code.EndsWith("00")) return CityLevel.County;
        return code[2..4] is "00" ? null : CityLevel.City;
    }

    /// <summary>A province named by its English name (any letter case), Chinese name or two-digit code.</summary>
    public static Province? FindProvince(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        var t = text.Trim();
        return ByCode.GetValueOrDefault(t)
            ?? Provinces.FirstOrDefault(p => string.Equals(p.Name, t, StringComparison.OrdinalIgnoreCase) || p.NameZh == t);
    }

    public static string Name(this CityLevel level) => level == CityLevel.City ? "city" : "county";

    public static bool TryParseLevel(string? text, out CityLevel level)
    {
        level = text switch { "city" => CityLevel.City, "county" => CityLevel.County, _ => (CityLevel)(-1) };
        return Enum.IsDefined(level);
    }

    /// <summary>Rows of an embedded table after its header; the tables hold no quoted commas.</summary>
    private static IEnumerable<string[]> ReadTable(string name)
    {
        using var stream = typeof(Geography).Assembly.GetManifestResourceStream($"TradeMesh.Contracts.{name}")
            ?? throw new InvalidOperationException($"{name} is not embedded");
        using var reader = new StreamReader(stream);
        reader.ReadLine();
        var rows = new List<string[]>();
        while (reader.ReadLine() is { } line)
            if (line.Length > 0) rows.Add(line.Split(','));
        return rows;
    }
}
