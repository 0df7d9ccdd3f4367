using TradeMesh.Contracts;

namespace TradeMesh.Projections.Queries;

/// <summary>What a city's code says about it, for answers: the code decides province and level, whatever a release said.</summary>
public static class CityNames
{
    /// <summary>A code that names no level (older stores may hold such codes) ranks with the cities.</summary>
    public static CityLevel LevelOf(string cityCode) => Geography.LevelOf(cityCode) ?? CityLevel.City;

    /// <summary>The code's province's English name; the release's word only where the code has no mainland province.</summary>
    public static string? Province(string cityCode, string? reported) => Geography.ProvinceOf(cityCode)?.Name ?? reported;

    public static string? ProvinceZh(string cityCode) => Geography.ProvinceOf(cityCode)?.NameZh;

    public static string? NameZh(string cityCode) => Geography.KnownCities.GetValueOrDefault(cityCode)?.NameZh;
}
