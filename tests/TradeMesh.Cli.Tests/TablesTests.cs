using TradeMesh.Cli.Output;

namespace TradeMesh.Cli.Tests;

/// <summary>The new answers as tables, from answers shaped as the contract's examples.</summary>
public sealed class TablesTests
{
    private static List<string> Lines(Action<JsonElement, TextWriter> write, string json)
    {
        using var writer = new StringWriter();
        write(JsonDocument.Parse(json).RootElement, writer);
        return [.. writer.ToString().Split(Environment.NewLine)];
    }

    /// <summary>The cells of a table row, split where two or more spaces part them.</summary>
    private static string[] Cells(string line) => System.Text.RegularExpressions.Regex.Split(line.Trim(), " {2,}");

    [Fact]
    public void A_series_is_a_row_per_city_and_period_and_a_missing_figure_is_blank()
    {
        var lines = Lines(SeriesTable.Write, """
            { "measure": "total", "unit": "CNY_100M", "shape": "year", "level": "city", "periods": ["2024", "2025"],
              "series": [
                { "cityCode": "440300", "name": "Shenzhen", "nameZh": "深圳", "province": "Guangdong", "points": [
                  { "period": "2024", "value": 44872, "rank": 1, "sharePct": 10.23, "yoyPct": null, "stage": "official", "releaseId": "a" },
                  { "period": "2025", "value": 45500, "rank": 1, "sharePct": 10.01, "yoyPct": 1.4, "stage": "preliminary", "releaseId": "b" } ] },
                { "cityCode": "330782", "name": "Yiwu", "points": [
                  { "period": "2024", "value": null, "rank": null, "sharePct": null, "yoyPct": null, "stage": null, "releaseId": null },
                  { "period": "2025", "value": 6700.5, "rank": 1, "sharePct": 51.2, "yoyPct": -3, "stage": "official", "releaseId": "c" } ] } ] }
            """);

        Assert.Equal("Series · measure total · shape year · level city · periods 2024, 2025", lines[0]);
        Assert.Equal(["Code", "Name", "Period", "Value (亿元)", "Rank", "Share %", "YoY %", "Stage"], Cells(lines[2]));
        Assert.Equal(["440300", "Shenzhen", "2024", "44,872", "1", "10.23", "official"], Cells(lines[3]));
        Assert.Equal(["440300", "Shenzhen", "2025", "45,500", "1", "10.01", "+1.40", "preliminary"], Cells(lines[4]));
        Assert.Equal(["330782", "Yiwu", "2024"], Cells(lines[5]));
        Assert.Equal(["330782", "Yiwu", "2025", "6,700.5", "1", "51.20", "-3.00", "official"], Cells(lines[6]));
    }

    [Fact]
    public void Aggregates_show_groups_with_their_cities_share_growth_and_rank_change()
    {
        var lines = Lines(AggregatesTable.Write, """
            { "period": "2025", "measure": "total", "by": "province", "comparedWith": "2024", "shareBasis": "national", "unit": "CNY_BN",
              "entries": [ { "rank": 1, "key": "44", "name": "Guangdong", "nameZh": "广东", "value": 7300, "cities": 3, "sharePct": 16.05,
                             "yoyPct": 4.48, "comparableCities": 3, "previousRank": 1, "rankChange": 0 },
                           { "rank": 6, "key": "37", "name": "Shandong", "nameZh": "山东", "value": 1220, "cities": 2, "sharePct": 2.68,
                             "yoyPct": null, "comparableCities": 0, "previousRank": 7, "rankChange": 1 } ] }
            """);

        Assert.Equal("Aggregates 2025 by province · measure total · share basis national · compared with 2024", lines[0]);
        Assert.Equal(["Rank", "Key", "Name", "中文", "Value (CNY_BN)", "Cities", "Share %", "YoY %", "Comparable", "Prev", "Change"], Cells(lines[2]));
        Assert.Equal(["1", "44", "Guangdong", "广东", "7,300", "3", "16.05", "+4.48", "3", "1", "="], Cells(lines[3]));
        Assert.Equal(["6", "37", "Shandong", "山东", "1,220", "2", "2.68", "0", "7", "+1"], Cells(lines[4]));
    }

    [Theory]
    [InlineData("[{0}]")]
    [InlineData("""{{ "total": 40, "entries": [{0}] }}""")]
    public void Cities_print_from_a_list_or_a_page(string shape)
    {
        const string yiwu = """{ "cityCode": "330782", "name": "Yiwu", "nameZh": "义乌", "province": "Zhejiang", "provinceZh": "浙江", "provinceCode": "33", "region": "east", "level": "county", "firstPeriod": "2024", "lastPeriod": "2025" }""";

        var lines = Lines(CitiesTable.Write, string.Format(System.Globalization.CultureInfo.InvariantCulture, shape, yiwu));

        Assert.Equal(["330782", "Yiwu", "义乌", "Zhejiang", "浙江", "east", "county", "2024", "2025"], Cells(lines[1]));
        Assert.Equal(shape.StartsWith('{'), lines.Contains("1 of 40 cities"));
    }

    [Fact]
    public void History_lists_each_effective_figure_then_the_figures_it_superseded()
    {
        var lines = Lines(HistoryTable.Write, """
            { "cityCode": "120000", "name": "Tianjin", "province": "Tianjin", "measure": "total", "unit": "CNY_100M", "periods": [
              { "period": "2025", "effective": { "value": 8560, "yoyPct": 0.71, "stage": "revised", "publishedAt": "2026-03-01T08:00:00+08:00", "releaseId": "rev" },
                "superseded": [ { "value": 8400, "yoyPct": -1.18, "stage": "preliminary", "publishedAt": "2026-01-20T08:00:00+08:00", "releaseId": "pre" } ] } ] }
            """);

        Assert.Equal("History of Tianjin (120000) · Tianjin · measure total", lines[0]);
        Assert.Equal(["2025", "effective", "8,560", "+0.71", "revised", "2026-03-01T08:00:00+08:00", "rev"], Cells(lines[3]));
        Assert.Equal(["superseded", "8,400", "-1.18", "preliminary", "2026-01-20T08:00:00+08:00", "pre"], Cells(lines[4]));
    }

    [Fact]
    public void Changes_show_before_after_and_delta_then_the_ranks_that_moved()
    {
        var lines = Lines(ChangesReport.Write, """
            { "releaseId": "sample-2025-annual-revised-tianjin", "period": "2025", "stage": "revised", "publishedAt": "2026-03-01T08:00:00+08:00",
              "changes": [ { "cityCode": "120000", "name": "Tianjin", "measure": "total", "before": 8400, "after": 8560, "delta": 160, "deltaPct": 1.90 },
                           { "cityCode": "659001", "name": "New", "measure": "total", "before": null, "after": 5, "delta": 5, "deltaPct": null } ],
              "rankChanges": [ { "cityCode": "120000", "name": "Tianjin", "before": 12, "after": 11 },
                               { "cityCode": "330100", "name": "Hangzhou", "before": 11, "after": 12 } ] }
            """);

        Assert.Equal("Changes of release sample-2025-annual-revised-tianjin · period 2025 · stage revised · published 2026-03-01T08:00:00+08:00", lines[0]);
        Assert.Equal(["120000", "Tianjin", "total", "8,400", "8,560", "+160", "+1.90"], Cells(lines[3]));
        Assert.Equal(["659001", "New", "total", "5", "+5"], Cells(lines[4]));
        var ranks = lines.IndexOf("Rank changes");
        Assert.Equal(["120000", "Tianjin", "12", "11"], Cells(lines[ranks + 2]));
        Assert.Equal(["330100", "Hangzhou", "11", "12"], Cells(lines[ranks + 3]));
    }

    [Fact]
    public void A_milestone_crossed_for_the_first_time_says_so()
    {
        var lines = Lines(MoversReport.Write, """
            { "period": "2025", "comparedWith": "2024", "measure": "total", "milestones": [
              { "cityCode": "330700", "name": "Jinhua", "value": 10508.6, "threshold": 10000, "direction": "up", "firstTime": true },
              { "cityCode": "340200", "name": "Wuhu", "value": 1100, "threshold": 1000, "direction": "up", "firstTime": false } ] }
            """);

        Assert.Contains("  Jinhua crossed 10,000 up (now 10,508.6), for the first time", lines);
        Assert.Contains("  Wuhu crossed 1,000 up (now 1,100)", lines);
    }
}
