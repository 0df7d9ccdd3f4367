using System.Text;
using TradeMesh.Ingestion.Releases.Validating;

namespace TradeMesh.Ingestion.Tests.Validating;

public class ReleaseRulesTests
{
    private const string Valid = """
        { "releaseId": "r-1", "period": "2025", "stage": "preliminary", "unit": "CNY_100M",
          "publishedAt": "2026-01-20T08:00:00+08:00", "nationalTotal": 454700,
          "cities": [ { "cityCode": "440300", "name": "Shenzhen", "province": "Guangdong", "total": 45500, "exports": 28000, "imports": 17500, "yoyPct": 1.4 } ] }
        """;

    private static (ValidRelease? Release, IReadOnlyList<string> Reasons) Check(string json) =>
        Validate(JsonReleaseReader.Read(Encoding.UTF8.GetBytes(json)));

    /// <summary>The reasons as the API answers them ("field: message").</summary>
    private static (ValidRelease? Release, IReadOnlyList<string> Reasons) Validate(ReleaseDraft draft)
    {
        var (release, reasons) = ReleaseRules.Validate(draft);
        return (release, Reason.Texts(reasons));
    }

    private static string With(string field, string value) => Valid.Replace(field, value);

    [Fact]
    public void Exports_and_imports_too_large_to_add_are_a_reason_not_a_crash()
    {
        // With the unit unreadable the money is not converted (nor range-checked): 2 x 5e28 does not fit a decimal.
        var (release, reasons) = Check(Valid.Replace("\"CNY_100M\"", "\"bogus\"").Replace("28000", "50000000000000000000000000000").Replace("17500", "50000000000000000000000000000"));
        Assert.Null(release);
        Assert.Contains(reasons, r => r.StartsWith("unit:", StringComparison.Ordinal));
        Assert.Contains("cities[0]: exports + imports (more than a decimal holds) differs from total (45500) by more than 0.1 %", reasons);
    }

    [Fact]
    public void A_valid_release_passes_with_its_money_in_100_million_yuan()
    {
        var (release, reasons) = Check(Valid.Replace("\"CNY_100M\"", "\"CNY_TN\"").Replace("45500", "4.55").Replace("28000", "2.8").Replace("17500", "1.75").Replace("454700", "45.47"));
        Assert.Empty(reasons);
        Assert.Equal(45500m, release!.Cities[0].Total);
        Assert.Equal(28000m, release.Cities[0].Exports);
        Assert.Equal(454700m, release.NationalTotal);
    }

    [Theory]
    [InlineData("\"releaseId\": \"r-1\"", "\"releaseId\": \"r 1\"", "releaseId")]
    [InlineData("\"releaseId\": \"r-1\"", "\"releaseId\": \"\"", "releaseId")]
    [InlineData("\"period\": \"2025\"", "\"period\": \"2025-13\"", "period")]
    [InlineData("\"stage\": \"preliminary\"", "\"stage\": \"final\"", "stage")]
    [InlineData("\"unit\": \"CNY_100M\"", "\"unit\": \"USD\"", "unit")]
    [InlineData("\"publishedAt\": \"2026-01-20T08:00:00+08:00\"", "\"publishedAt\": \"2026-01-20\"", "publishedAt")]
    [InlineData("\"publishedAt\": \"2026-01-20T08:00:00+08:00\"", "\"publishedAt\": \"yesterday\"", "publishedAt")]
    [InlineData("\"nationalTotal\": 454700", "\"nationalTotal\": -1", "nationalTotal")]
    [InlineData("\"cityCode\": \"440300\"", "\"cityCode\": \"44030\"", "cities[0].cityCode")]
    [InlineData("\"cityCode\": \"440300\"", "\"cityCode\": 440300", "cities[0].cityCode")]
    [InlineData("\"total\": 45500", "\"total\": -5", "cities[0].total")]
    [InlineData("\"total\": 45500", "\"total\": \"45500\"", "cities[0].total")]
    [InlineData("\"total\": 45500", "\"total\": 1e400", "cities[0].total")]
    [InlineData("\"exports\": 28000", "\"exports\": -1", "cities[0].exports")]
    [InlineData("\"imports\": 17500", "\"imports\": -1", "cities[0].imports")]
    [InlineData("\"imports\": 17500", "\"imports\": 17600", "cities[0]")]
    [InlineData("\"yoyPct\": 1.4", "\"yoyPct\": -100", "cities[0].yoyPct")]
    [InlineData("\"yoyPct\": 1.4", "\"yoyPct\": 1e7", "cities[0].yoyPct")]
    [InlineData("\"nationalTotal\": 454700", "\"nationalTotal\": 0", "nationalTotal")]
    [InlineData("\"total\": 45500", "\"total\": 79000000000000000000000000000", "cities[0].total")]
    [InlineData("\"total\": 45500", "\"total\": 0.000000001", "cities[0].total")]
    [InlineData("\"unit\": \"CNY_100M\"", "\"unit\": \"CNY_10K,CNY_100M\"", "unit")]
    [InlineData("\"name\": \"Shenzhen\"", "\"name\": \"Shen\\u0000zhen\"", "cities[0].name")]
    [InlineData("\"province\": \"Guangdong\"", "\"province\": \"Guang\\ndong\"", "cities[0].province")]
    public void Each_rule_names_the_field_it_refuses(string find, string replace, string field)
    {
        var (release, reasons) = Check(With(find, replace));
        Assert.Null(release);
        Assert.Contains(reasons, r => r.StartsWith(field + ":", StringComparison.Ordinal) || r.StartsWith(field + " ", StringComparison.Ordinal));
    }

    [Fact]
    public void Exports_plus_imports_may_differ_from_total_by_rounding_within_a_tenth_of_a_percent()
    {
        var (release, reasons) = Check(With("\"imports\": 17500", "\"imports\": 17540"));
        Assert.Empty(reasons);
        Assert.NotNull(release);
    }

    [Fact]
    public void Every_reason_is_listed_at_once()
    {
        var json = """
            { "releaseId": "bad id!", "period": "2025-14", "stage": "draft", "unit": "USD", "publishedAt": "soon",
              "cities": [ { "cityCode": "1", "total": -1, "yoyPct": -150 },
                          { "cityCode": "440300", "total": 1 }, { "cityCode": "440300", "total": 2 } ] }
            """;
        var (release, reasons) = Check(json);
        Assert.Null(release);
        foreach (var field in new[] { "releaseId:", "period:", "stage:", "unit:", "publishedAt:", "cities[0].cityCode:",
                     "cities[0].total:", "cities[0].yoyPct:", "cities[0].name:", "cities[2].cityCode:" })
            Assert.Contains(reasons, r => r.StartsWith(field, StringComparison.Ordinal));
    }

    [Fact]
    public void Names_come_from_the_registry_when_omitted_and_are_required_otherwise()
    {
        var known = Check(Valid.Replace("\"name\": \"Shenzhen\", \"province\": \"Guangdong\", ", ""));
        Assert.Equal("Shenzhen", known.Release!.Cities[0].Name);
        Assert.Equal("Guangdong", known.Release.Cities[0].Province);

        var unknown = Check(Valid.Replace("\"name\": \"Shenzhen\", ", "").Replace("440300", "999999"));
        Assert.Contains(unknown.Reasons, r => r.StartsWith("cities[0].name: required", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("Guangdong")]
    [InlineData("GUANGDONG")]
    [InlineData("广东")]
    [InlineData("44")]
    public void A_province_naming_the_codes_own_is_no_warning(string province)
    {
        var (release, reasons) = Check(With("\"province\": \"Guangdong\"", $"\"province\": \"{province}\""));
        Assert.Empty(reasons);
        Assert.Empty(release!.Warnings);
        Assert.Equal("Guangdong", release.Cities[0].Province);
    }

    [Theory]
    [InlineData("Zhejiang")]
    [InlineData("Atlantis")]
    public void Another_province_is_a_warning_and_the_codes_province_is_kept(string province)
    {
        var (release, reasons) = Check(With("\"province\": \"Guangdong\"", $"\"province\": \"{province}\""));
        Assert.Empty(reasons);
        var warning = Assert.Single(release!.Warnings);
        Assert.Equal(("province-mismatch", "440300"), (warning.Code, warning.CityCode));
        Assert.Contains(province, warning.Message);
        var expected = TradeMesh.Contracts.Geography.ProvinceOf("440300")!.Name;
        Assert.Equal(expected, release.Cities[0].Province);
        Assert.All(release.ToEvents(), e => Assert.Equal(expected, e.Province));
    }

    [Theory]
    [InlineData("440000", "province code")]
    [InlineData("810100", "not a mainland city code")]
    [InlineData("990100", "not a mainland city code")]
    public void A_code_that_is_no_city_or_county_is_refused_with_a_reason(string code, string says)
    {
        var (release, reasons) = Check(With("440300", code));
        Assert.Null(release);
        Assert.Contains(reasons, r => r.StartsWith("cities[0].cityCode:", StringComparison.Ordinal) && r.Contains(says, StringComparison.Ordinal));
    }

    [Fact]
    public void A_county_code_is_a_city_of_the_release()
    {
        var (release, reasons) = Check(With("440300", "330782").Replace("\"province\": \"Guangdong\"", "\"province\": \"Zhejiang\""));
        Assert.Empty(reasons);
        Assert.Empty(release!.Warnings);
        Assert.Equal("Zhejiang", release.Cities[0].Province);
    }

    [Fact]
    public void City_totals_over_the_national_total_are_a_warning_not_a_rejection()
    {
        var (release, reasons) = Check(With("\"nationalTotal\": 454700", "\"nationalTotal\": 45000"));
        Assert.Empty(reasons);
        var warning = Assert.Single(release!.Warnings);
        Assert.Equal(("sum-exceeds-national", (string?)null), (warning.Code, warning.CityCode));
    }

    [Fact]
    public void City_count_is_bounded()
    {
        var none = Check(Valid.Replace(Valid[Valid.IndexOf('[')..(Valid.LastIndexOf(']') + 1)], "[]"));
        Assert.Contains(none.Reasons, r => r.StartsWith("cities:", StringComparison.Ordinal));

        var many = string.Join(",", Enumerable.Range(0, ReleaseRules.MaxCities + 1).Select(i => $$"""{"cityCode":"{{100000 + i}}","name":"C","total":1}"""));
        var tooMany = Check(Valid.Replace(Valid[Valid.IndexOf('[')..(Valid.LastIndexOf(']') + 1)], $"[{many}]"));
        Assert.Contains(tooMany.Reasons, r => r.StartsWith("cities:", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("{\"releaseId\": \"a\", \"releaseId\": \"b\"}")]
    [InlineData("[1,2]")]
    [InlineData("")]
    public void A_body_that_is_not_a_json_object_is_one_clear_reason(string body)
    {
        var (release, reasons) = Check(body);
        Assert.Null(release);
        Assert.Single(reasons);
        Assert.StartsWith("body:", reasons[0]);
    }

    [Fact]
    public void Invalid_utf8_inside_a_string_is_a_reason_not_a_crash()
    {
        var bytes = Encoding.UTF8.GetBytes(Valid).ToList();
        bytes.InsertRange(Valid.IndexOf("Shenzhen", StringComparison.Ordinal), new byte[] { 0xC3, 0x28 });
        var (release, reasons) = Validate(JsonReleaseReader.Read(bytes.ToArray()));
        Assert.Null(release);
        Assert.Equal(["body: not valid UTF-8"], reasons);
    }

    [Fact]
    public void The_content_hash_ignores_how_the_release_was_written()
    {
        var a = Check(Valid).Release!;
        var b = Check(Valid.Replace("\"CNY_100M\"", "\"CNY_BN\"").Replace("45500", "4550").Replace("28000", "2800").Replace("17500", "1750").Replace("454700", "45470")
            .Replace("2026-01-20T08:00:00+08:00", "2026-01-20T00:00:00Z")).Release!;
        var c = Check(Valid.Replace("45500", "45501").Replace("17500", "17501")).Release!;
        Assert.Equal(a.ContentHash(), b.ContentHash());
        Assert.NotEqual(a.ContentHash(), c.ContentHash());
    }

    [Fact]
    public void Huge_figures_in_a_large_unit_are_a_reason_not_an_overflow()
    {
        var (release, reasons) = Check(Valid.Replace("\"CNY_100M\"", "\"CNY_TN\"").Replace("45500", "7900000000000000000000000000")
            .Replace("28000", "5000000000000000000000000000").Replace("17500", "2900000000000000000000000000"));
        Assert.Null(release);
        Assert.Contains(reasons, r => r.StartsWith("cities[0].total:", StringComparison.Ordinal));
        Assert.Contains(reasons, r => r.StartsWith("cities[0].exports:", StringComparison.Ordinal));
    }

    [Fact]
    public void A_csv_problem_in_row_ten_keeps_the_rows_before_it()
    {
        var rows = string.Join("\n", Enumerable.Range(0, 9).Select(i => $"{110000 + i},City {i},P,{i + 1},,,")) + "\n\"120000,Broken,P,1,,,\n";
        var query = new Dictionary<string, string?> { ["releaseId"] = "csv", ["period"] = "2025", ["stage"] = "official", ["unit"] = "CNY_100M", ["publishedAt"] = "2026-01-01T00:00:00Z" };
        var draft = CsvReleaseReader.Read(query, Encoding.UTF8.GetBytes("cityCode,name,province,total,exports,imports,yoyPct\n" + rows));
        var (_, reasons) = Validate(draft);
        Assert.Contains(reasons, r => r.StartsWith("row 11:", StringComparison.Ordinal));
        Assert.DoesNotContain(reasons, r => r.StartsWith("cities:", StringComparison.Ordinal));
        Assert.Equal("110008", draft.Cities[8].CityCode);
    }
}
