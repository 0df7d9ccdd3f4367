using TradeMesh.Contracts;

namespace TradeMesh.Ingestion.Tests.Contracts;

public class PeriodTests
{
    [Theory]
    [InlineData("2025", PeriodKind.Year, 2025, "2025")]
    [InlineData("2025-03", PeriodKind.Month, 2025, "2025-03")]
    [InlineData("2025-03-YTD", PeriodKind.YearToDate, 2025, "2025-03-YTD")]
    [InlineData("2025-12-YTD", PeriodKind.Year, 2025, "2025")]
    public void Parses_the_three_shapes_and_folds_december_ytd_into_the_year(string text, PeriodKind kind, int year, string canonical)
    {
        var period = Period.Parse(text);
        Assert.Equal(kind, period.Kind);
        Assert.Equal(year, period.Year);
        Assert.Equal(canonical, period.ToString());
    }

    [Theory]
    [InlineData("25")]
    [InlineData("2025-13")]
    [InlineData("2025-00")]
    [InlineData("2025-3")]
    [InlineData("2025-03-ytd")]
    [InlineData("2025-Q1")]
    [InlineData("2025\n")]
    [InlineData("２０２５")]
    [InlineData("")]
    public void Rejects_anything_else(string text) => Assert.False(Period.TryParse(text, out _));

    [Theory]
    [InlineData("2025", "2024")]
    [InlineData("2025-01", "2024-01")]
    [InlineData("2025-06-YTD", "2024-06-YTD")]
    [InlineData("2025-12-YTD", "2024")]
    public void Comparison_period_is_the_same_shape_one_year_earlier(string text, string comparison)
    {
        Assert.Equal(comparison, Period.Parse(text).ComparisonPeriod.ToString());
        Assert.Equal(Period.Parse(text), Period.Parse(comparison).FollowingPeriod);
    }
}
