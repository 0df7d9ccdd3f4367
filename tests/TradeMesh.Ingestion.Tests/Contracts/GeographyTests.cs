using TradeMesh.Contracts;

namespace TradeMesh.Ingestion.Tests.Contracts;

public class GeographyTests
{
    [Theory]
    [InlineData("440300", CityLevel.City)]   // Shenzhen, prefecture-level
    [InlineData("110000", CityLevel.City)]   // Beijing, a municipality
    [InlineData("500000", CityLevel.City)]   // Chongqing, a municipality
    [InlineData("330782", CityLevel.County)] // Yiwu, inside Jinhua
    [InlineData("320583", CityLevel.County)] // Kunshan
    public void The_level_follows_from_the_code(string code, CityLevel level) => Assert.Equal(level, Geography.LevelOf(code));

    [Theory]
    [InlineData("440000")] // Guangdong itself: a province, not a city
    [InlineData("330000")]
    [InlineData("710100")] // 71 is not a mainland province
    [InlineData("990100")]
    [InlineData("44030")]
    [InlineData("44030x")]
    public void A_province_code_or_a_foreign_prefix_is_no_city(string code) => Assert.Null(Geography.LevelOf(code));

    [Theory]
    [InlineData("Guangdong")]
    [InlineData("guangdong")]
    [InlineData("广东")]
    [InlineData("44")]
    public void A_province_is_found_by_english_or_chinese_name_or_code(string text) => Assert.Equal("44", Geography.FindProvince(text)?.Code);

    [Fact]
    public void Unknown_provinces_are_not_found()
    {
        Assert.Null(Geography.FindProvince("Atlantis"));
        Assert.Null(Geography.FindProvince("71"));
        Assert.Null(Geography.FindProvince(""));
    }

    [Fact]
    public void All_31_provinces_are_loaded_with_a_known_region()
    {
        Assert.Equal(31, Geography.Provinces.Count); // the 31 mainland provincial-level divisions
        Assert.Equal(31, Geography.Provinces.Select(p => p.Code).Distinct().Count());
        Assert.All(Geography.Provinces, p => Assert.Contains(p.Region, Geography.Regions));
        Assert.Equal("central", Geography.ProvinceOf("340200")!.Region); // Wuhu, Anhui
    }

    [Fact]
    public void The_registry_knows_chinese_names_and_the_province_from_the_code()
    {
        var jinhua = Geography.KnownCities["330700"];
        Assert.Equal(("Jinhua", "金华", "33"), (jinhua.Name, jinhua.NameZh, jinhua.ProvinceCode));
        Assert.Equal(CityLevel.County, Geography.LevelOf(Geography.KnownCities["330782"].Code));
    }
}
