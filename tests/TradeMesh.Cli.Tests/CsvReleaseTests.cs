using TradeMesh.Cli.Releases;

namespace TradeMesh.Cli.Tests;

public sealed class CsvReleaseTests
{
    private static readonly ReleaseFields Fields = new("r-1", "2025", "preliminary", "CNY_100M", "2026-01-20T08:00:00+08:00", null);

    private static JsonElement Convert(string csv, ReleaseFields? fields = null) =>
        JsonDocument.Parse(CsvRelease.ToJson(csv, fields ?? Fields)).RootElement.Clone();

    [Fact]
    public void The_sample_csv_becomes_the_sample_json_same_cities_and_figures()
    {
        var expected = JsonDocument.Parse(File.ReadAllText(Repo.SampleData("2025-annual-preliminary.json"))).RootElement;
        var fields = new ReleaseFields(expected.GetProperty("releaseId").GetString()!, expected.GetProperty("period").GetString()!,
            expected.GetProperty("stage").GetString()!, expected.GetProperty("unit").GetString()!,
            expected.GetProperty("publishedAt").GetString()!, expected.GetProperty("nationalTotal").GetRawText());

        var actual = Convert(File.ReadAllText(Repo.SampleData("2025-annual-preliminary.csv")), fields);

        foreach (var name in new[] { "releaseId", "period", "stage", "unit", "publishedAt" })
            Assert.Equal(expected.GetProperty(name).GetString(), actual.GetProperty(name).GetString());
        Assert.Equal(expected.GetProperty("nationalTotal").GetDecimal(), actual.GetProperty("nationalTotal").GetDecimal());

        var want = expected.GetProperty("cities").EnumerateArray().ToList();
        var got = actual.GetProperty("cities").EnumerateArray().ToList();
        Assert.Equal(want.Count, got.Count);
        Assert.True(want.Count > 10, "the sample has a real number of cities");
        foreach (var (w, g) in want.Zip(got))
        {
            foreach (var text in new[] { "cityCode", "name", "province" })
                Assert.Equal(w.GetProperty(text).GetString(), g.GetProperty(text).GetString());
            foreach (var number in new[] { "total", "exports", "imports", "yoyPct" })
                Assert.True(Number(w, number) == Number(g, number), $"{w.GetProperty("cityCode")} {number}: {Number(w, number)} vs {Number(g, number)}");
        }
    }

    private static decimal? Number(JsonElement city, string name) =>
        city.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number ? v.GetDecimal() : null;

    [Fact]
    public void Empty_cells_are_null_codes_stay_strings_and_quoted_fields_keep_commas()
    {
        var city = Convert("cityCode,name,province,total,exports,imports,yoyPct\r\n" +
                           "010100,\"Foo, \"\"Bar\"\"\",,12.50,,,-3\r\n\r\n").GetProperty("cities").EnumerateArray().Single();

        Assert.Equal("010100", city.GetProperty("cityCode").GetString());
        Assert.Equal("Foo, \"Bar\"", city.GetProperty("name").GetString());
        Assert.Equal(JsonValueKind.Null, city.GetProperty("province").ValueKind);
        Assert.Equal(12.50m, city.GetProperty("total").GetDecimal());
        Assert.Equal(JsonValueKind.Null, city.GetProperty("exports").ValueKind);
        Assert.Equal(-3m, city.GetProperty("yoyPct").GetDecimal());
    }

    [Fact]
    public void A_figure_that_is_not_a_number_is_left_for_the_server_to_name()
    {
        var city = Convert("cityCode,total\n110000,lots\n").GetProperty("cities").EnumerateArray().Single();

        Assert.Equal("lots", city.GetProperty("total").GetString());
        Assert.Equal(JsonValueKind.Null, city.GetProperty("name").ValueKind); // a column not in the file is null
    }

    [Fact]
    public void National_total_is_written_only_when_given()
    {
        Assert.False(Convert("cityCode,total\n110000,1\n").TryGetProperty("nationalTotal", out _));
        Assert.Equal(454700m, Convert("cityCode,total\n110000,1\n", Fields with { NationalTotal = "454700" }).GetProperty("nationalTotal").GetDecimal());
    }

    [Theory]
    [InlineData("", "empty")]
    [InlineData("code,total\n1,2\n", "header must be")]
    [InlineData("cityCode,total\n110000\n", "CSV row 2: 1 cells, the header has 2")]
    [InlineData("cityCode,total\n\n110000,1,2\n", "CSV row 3: 3 cells, the header has 2")]
    [InlineData("cityCode,name,total\n110000,\"open,5\n", "CSV row 2: a quoted cell is not closed")]
    public void A_file_that_is_not_a_release_csv_is_a_usage_error(string csv, string message)
    {
        var error = Assert.Throws<UsageException>(() => CsvRelease.ReadRows(csv));
        Assert.Contains(message, error.Message);
    }

    [Fact]
    public void The_release_fields_become_the_query_of_the_contract()
    {
        var query = (Fields with { NationalTotal = "100.5" }).QueryString();

        Assert.Equal("?releaseId=r-1&period=2025&stage=preliminary&unit=CNY_100M&publishedAt=2026-01-20T08%3A00%3A00%2B08%3A00&nationalTotal=100.5", query);
    }
}
