using System.Globalization;
using TradeMesh.EndToEnd.Tests.Analyst;

namespace TradeMesh.EndToEnd.Tests.Cli;

/// <summary>
/// `trademesh series`, `aggregates` and `cities` as a user runs them, against the system holding
/// the sample releases and the county release; expected figures are worked out from the sample
/// files (<see cref="SeedSample"/>), never copied from an answer.
/// </summary>
[Collection(AnalystCollection.Name)]
public sealed class AnalystCliTests(AnalystFixture fixture, ITestOutputHelper log)
{
    private readonly TradeMeshSystem _system = fixture.System;

    private Task<CliRun> RunAsync(params string[] args) => CliProcess.RunAsync(_system, log, args);

    private static string Money(decimal v) => v.ToString("#,##0.############################", CultureInfo.InvariantCulture);

    [Fact]
    public async Task Series_shows_each_citys_sample_figures_and_ranks_as_table_csv_and_json()
    {
        var years = new[] { "2024", "2025" };
        var table = await RunAsync("series", "440300,310000", "--from", "2024", "--to", "2025");
        Assert.True(table.Code == 0, table.All);
        Assert.StartsWith("Series · measure total · shape year · level city · periods 2024, 2025", table.Lines[0]);
        foreach (var year in years)
        {
            var (figures, ranks) = (SeedSample.Effective(year), SeedSample.Ranks(year));
            foreach (var code in new[] { "440300", "310000" })
            {
                var row = table.Lines.Single(l => l.StartsWith(code, StringComparison.Ordinal) && l.Contains($" {year} ", StringComparison.Ordinal));
                Assert.Contains($" {Money(figures[code].Total)} ", row);
                Assert.Matches($@"\s{ranks[code]}\s", row);
            }
        }

        // CSV: the server's rows, a header and one row per (city, period); the gap Shenzhen - Shanghai per year.
        var csv = await RunAsync("series", "440300,310000", "--from", "2024", "--to", "2025", "--format", "csv");
        Assert.True(csv.Code == 0, csv.All);
        Assert.Equal("cityCode,name,nameZh,period,value,rank,sharePct,yoyPct,stage", csv.Lines[0]);
        Assert.Equal(1 + 2 * years.Length, csv.Lines.Count);
        var values = csv.Lines.Skip(1).Select(l => l.Split(',')).ToDictionary(c => (c[0], c[3]), c => decimal.Parse(c[4], CultureInfo.InvariantCulture));
        foreach (var year in years)
        {
            var figures = SeedSample.Effective(year);
            Assert.Equal(figures["440300"].Total - figures["310000"].Total, values[("440300", year)] - values[("310000", year)]);
        }

        // JSON, in CNY billion: exactly a tenth of the 亿元 figure.
        var json = await RunAsync("series", "440300", "--from", "2025", "--to", "2025", "--unit", "CNY_BN", "--format", "json");
        Assert.True(json.Code == 0, json.All);
        var answer = JsonDocument.Parse(json.Out).RootElement;
        Assert.Equal("CNY_BN", answer.GetProperty("unit").GetString());
        var point = answer.GetProperty("series")[0].GetProperty("points")[0];
        Assert.Equal(SeedSample.Effective("2025")["440300"].Total / 10m, point.GetProperty("value").GetDecimal());
        Assert.Equal(SeedSample.Ranks("2025")["440300"], point.GetProperty("rank").GetInt32());

        // Counties are charted at their own level; a county asked as a city is a usage error naming the level.
        var county = SeedSample.Counties.MaxBy(c => c.Total);
        var counties = await RunAsync("series", county.Code, "--level", "county", "--format", "csv");
        Assert.True(counties.Code == 0, counties.All);
        var row2025 = counties.Lines.Single(l => l.Contains(",2025,", StringComparison.Ordinal)).Split(',');
        Assert.Equal(county.Total, decimal.Parse(row2025[4], CultureInfo.InvariantCulture));
        Assert.Equal("1", row2025[5]);
        var refused = await RunAsync("series", county.Code);
        Assert.True(refused.Code == 1, refused.All);
        Assert.Contains("level=county", refused.Error);
        var badShape = await RunAsync("series", "440300", "--shape", "weekly");
        Assert.True(badShape.Code == 1, badShape.All);
        Assert.Contains("shape", badShape.Error);
    }

    [Fact]
    public async Task Aggregates_show_province_and_region_sums_and_like_for_like_growth()
    {
        var now = SeedSample.Effective("2025");
        var regions = SeedSample.Regions();

        var provinces = await RunAsync("aggregates", "2025");
        Assert.True(provinces.Code == 0, provinces.All);
        Assert.StartsWith("Aggregates 2025 by province · measure total", provinces.Lines[0]);
        var anhui = provinces.Lines.Single(l => l.Contains(" Anhui ", StringComparison.Ordinal));
        Assert.Contains($" {Money(now.Values.Where(c => c.CityCode.StartsWith("34", StringComparison.Ordinal)).Sum(c => c.Total))} ", anhui);
        var growth = SeedSample.GroupGrowth(c => c.StartsWith("34", StringComparison.Ordinal));
        Assert.Contains($" {(growth > 0 ? "+" : "")}{growth.ToString("0.00", CultureInfo.InvariantCulture)} ", anhui);

        var json = await RunAsync("aggregates", "2025", "--by", "region", "--format", "json");
        Assert.True(json.Code == 0, json.All);
        var entries = JsonDocument.Parse(json.Out).RootElement.GetProperty("entries").EnumerateArray().ToDictionary(e => e.GetProperty("key").GetString()!);
        Assert.Equal(now.Keys.Select(c => regions[c[..2]]).Distinct().Order().ToList(), entries.Keys.Order().ToList());
        foreach (var (region, entry) in entries)
        {
            Assert.Equal(now.Values.Where(c => regions[c.CityCode[..2]] == region).Sum(c => c.Total), entry.GetProperty("value").GetDecimal());
            Assert.Equal(SeedSample.GroupGrowth(c => regions[c[..2]] == region), entry.GetProperty("yoyPct").GetDecimal());
        }

        var csv = await RunAsync("aggregates", "2025", "--unit", "CNY_TN", "--format", "csv");
        Assert.True(csv.Code == 0, csv.All);
        Assert.StartsWith("rank,key,name,nameZh,value", csv.Lines[0]);
        var guangdong = csv.Lines.Single(l => l.Contains(",44,", StringComparison.Ordinal)).Split(',');
        Assert.Equal(now.Values.Where(c => c.CityCode.StartsWith("44", StringComparison.Ordinal)).Sum(c => c.Total) / 10_000m,
            decimal.Parse(guangdong[4], CultureInfo.InvariantCulture));

        var bad = await RunAsync("aggregates", "2025", "--by", "county");
        Assert.True(bad.Code == 1, bad.All);
        Assert.Contains("by", bad.Error);
        var none = await RunAsync("aggregates", "1990");
        Assert.True(none.Code == 4, none.All);
    }

    [Fact]
    public async Task Cities_lists_registry_and_reported_cities_by_level_province_and_name()
    {
        var counties = await RunAsync("cities", "--level", "county", "--top", "5000", "--format", "json");
        Assert.True(counties.Code == 0, counties.All);
        var listed = JsonDocument.Parse(counties.Out).RootElement.GetProperty("entries").EnumerateArray().ToList();
        Assert.All(listed, c => Assert.Equal("county", c.GetProperty("level").GetString()));
        foreach (var (code, _) in SeedSample.Counties)
            Assert.Contains(listed, c => c.GetProperty("cityCode").GetString() == code && c.GetProperty("lastPeriod").GetString() == "2025");

        var byName = await RunAsync("cities", "--q", "深圳");
        Assert.True(byName.Code == 0, byName.All);
        Assert.Contains(byName.Lines, l => l.StartsWith("440300", StringComparison.Ordinal) && l.Contains("Shenzhen", StringComparison.Ordinal));

        var zhejiang = await RunAsync("cities", "--province", "浙江", "--top", "5000", "--format", "csv");
        Assert.True(zhejiang.Code == 0, zhejiang.All);
        var codes = zhejiang.Lines.Skip(1).Select(l => l.Split(',')[0]).ToList();
        Assert.NotEmpty(codes);
        Assert.All(codes, c => Assert.StartsWith("33", c, StringComparison.Ordinal));
        Assert.Contains("330700", codes); // Jinhua, reported in the samples

        var paged = await RunAsync("cities", "--province", "33", "--top", "1", "--offset", "1", "--format", "json");
        Assert.True(paged.Code == 0, paged.All);
        var page = JsonDocument.Parse(paged.Out).RootElement;
        Assert.Equal(codes.Count, page.GetProperty("total").GetInt32());
        Assert.Equal(codes[1], page.GetProperty("entries")[0].GetProperty("cityCode").GetString());

        var bad = await RunAsync("cities", "--province", "Atlantis");
        Assert.True(bad.Code == 1, bad.All);
        Assert.Contains("province", bad.Error);
    }
}
