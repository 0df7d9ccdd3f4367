using TradeMesh.Contracts;

namespace TradeMesh.Ingestion.Tests.Contracts;

public class TradeUnitTests
{
    [Theory]
    [InlineData("CNY", "1050860000000", "10508.6")]
    [InlineData("CNY_10K", "105086000", "10508.6")]
    [InlineData("CNY_100M", "10508.6", "10508.6")]
    [InlineData("CNY_BN", "1050.86", "10508.6")]
    [InlineData("CNY_TN", "0.856", "8560")]
    [InlineData("CNY", "1", "0.00000001")]
    public void Converts_exactly_to_100_million_yuan(string unit, string value, string expected)
    {
        Assert.True(TradeUnits.TryParse(unit, out var u));
        var converted = TradeUnits.ToCanonical(decimal.Parse(value), u);
        Assert.Equal(decimal.Parse(expected), converted);
        Assert.Equal(expected, converted.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    [Theory]
    [InlineData("cny")]
    [InlineData("USD")]
    [InlineData("2")]
    [InlineData("")]
    [InlineData("CNY_10K,CNY_100M")]
    [InlineData(" CNY_TN ")]
    public void Unknown_units_are_refused(string unit) => Assert.False(TradeUnits.TryParse(unit, out _));

    [Fact]
    public void Event_ids_are_deterministic_and_distinct_per_release_city_and_period()
    {
        var id = EventIds.ForCityFigure("r1", "440300", "2025");
        Assert.Equal(id, EventIds.ForCityFigure("r1", "440300", "2025"));
        Assert.NotEqual(id, EventIds.ForCityFigure("r2", "440300", "2025"));
        Assert.NotEqual(id, EventIds.ForCityFigure("r1", "310000", "2025"));
        Assert.NotEqual(id, EventIds.ForCityFigure("r1", "440300", "2024"));
        Assert.Equal(5, id.ToByteArray(bigEndian: true)[6] >> 4); // a version-5 (name-based) UUID
    }
}
