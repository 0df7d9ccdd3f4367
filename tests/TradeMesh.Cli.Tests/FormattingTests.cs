using Spectre.Console;
using TradeMesh.Cli.Output;

namespace TradeMesh.Cli.Tests;

public sealed class FormattingTests
{
    private const string Ranking = """
        { "period": "2025", "measure": "total", "unit": "CNY_100M", "shareBasis": "national", "nationalTotal": 454700, "comparedWith": "2024",
          "entries": [
            { "rank": 1, "cityCode": "440300", "name": "Shenzhen", "province": "Guangdong", "value": 45500, "sharePct": 10.01,
              "gapToAbove": null, "yoyPct": 1.4, "previousRank": 1, "rankChange": 0, "stage": "preliminary", "releaseId": "a" },
            { "rank": 2, "cityCode": "310000", "name": "上海", "province": "Shanghai", "value": 45100.25, "sharePct": 9.92,
              "gapToAbove": 399.75, "yoyPct": -5.6, "previousRank": 4, "rankChange": 2, "stage": "preliminary", "releaseId": "a" },
            { "rank": 3, "cityCode": "110000", "name": "Beijing", "province": "Beijing", "value": 38000, "sharePct": 8.36,
              "gapToAbove": 7100.25, "yoyPct": null, "previousRank": 2, "rankChange": -1, "stage": "preliminary", "releaseId": "a" },
            { "rank": 4, "cityCode": "654000", "name": "Newcomer", "province": "Xinjiang", "value": 1000, "sharePct": 0.22,
              "gapToAbove": 37000, "yoyPct": null, "previousRank": null, "rankChange": null, "stage": "official", "releaseId": "b" }
          ] }
        """;

    private static List<string> Lines(Action<TextWriter> write)
    {
        using var writer = new StringWriter();
        write(writer);
        return [.. writer.ToString().Split(Environment.NewLine)];
    }

    private static List<string> RankingLines() => Lines(w => RankingTable.Write(JsonDocument.Parse(Ranking).RootElement, w));

    [Fact]
    public void The_header_line_names_period_measure_share_basis_national_total_and_comparison()
    {
        Assert.Equal("Ranking 2025 · measure total · share basis national · national total 454,700 亿元 · compared with 2024", RankingLines()[0]);
    }

    [Fact]
    public void Rows_show_change_signs_and_leave_nulls_blank()
    {
        var lines = RankingLines();
        var header = lines[2];
        var row = new Func<string, string>(name => lines.Single(l => l.Contains(name)));
        // The cell of a right-aligned column after Value: from the end of the title before it to the end of its title.
        string Cell(string line, string title, string before) =>
            Slice(line, EndOf(header, before), EndOf(header, title)).Trim();

        Assert.Equal(("=", "+2", "-1", ""), (Cell(row("Shenzhen"), "Change", "Prev"), Cell(row("上海"), "Change", "Prev"),
            Cell(row("Beijing"), "Change", "Prev"), Cell(row("Newcomer"), "Change", "Prev")));
        Assert.Equal(("1", "4", ""), (Cell(row("Shenzhen"), "Prev", "YoY %"), Cell(row("上海"), "Prev", "YoY %"), Cell(row("Newcomer"), "Prev", "YoY %")));
        Assert.Equal(("+1.40", "-5.60", ""), (Cell(row("Shenzhen"), "YoY %", "Gap"), Cell(row("上海"), "YoY %", "Gap"), Cell(row("Beijing"), "YoY %", "Gap")));
        Assert.Equal(("", "399.75"), (Cell(row("Shenzhen"), "Gap", "Share %"), Cell(row("上海"), "Gap", "Share %"))); // rank 1 has no gap
        Assert.Equal("9.92", Cell(row("上海"), "Share %", "Value (亿元)"));
        Assert.Contains("45,100.25", row("上海")); // money keeps every decimal
    }

    private static int EndOf(string header, string title) =>
        header[..(header.IndexOf(title, StringComparison.Ordinal) + title.Length)].GetCellWidth();

    [Fact]
    public void Columns_line_up_even_with_chinese_names()
    {
        var lines = RankingLines().Skip(2).Where(l => l.Trim().Length > 0).ToList();
        Assert.Equal(5, lines.Count);
        // Every row has its rank right-aligned under "Rank" and its code starting under "Code".
        var codeColumn = lines[0][..lines[0].IndexOf("Code", StringComparison.Ordinal)].GetCellWidth();
        var provinceColumn = lines[0][..lines[0].IndexOf("Province", StringComparison.Ordinal)].GetCellWidth();
        foreach (var row in lines.Skip(1))
        {
            Assert.Matches("^[0-9]{6}$", Slice(row, codeColumn, codeColumn + 6));
            Assert.NotEqual(' ', Slice(row, provinceColumn, provinceColumn + 1)[0]);
        }
    }

    [Fact]
    public void A_ranking_without_national_total_or_entries_still_prints()
    {
        var lines = Lines(w => RankingTable.Write(JsonDocument.Parse(
            """{ "period": "2070", "measure": "exports", "shareBasis": "listed", "nationalTotal": null, "comparedWith": "2069", "entries": [] }""").RootElement, w));

        Assert.Contains("share basis listed · national total not reported · compared with 2069", lines[0]);
        Assert.Contains("(no cities)", lines);
    }

    [Fact]
    public void Movers_read_as_sentences()
    {
        const string movers = """
            { "period": "2025", "comparedWith": "2024", "measure": "total",
              "fastestGrowth": [ { "cityCode": "330700", "name": "Jinhua", "value": 10200, "yoyPct": 12.5 } ],
              "steepestDecline": [],
              "climbers": [ { "cityCode": "441900", "name": "Dongguan", "rank": 5, "previousRank": 6, "rankChange": 1 } ],
              "fallers": [ { "cityCode": "330200", "name": "Ningbo", "rank": 6, "previousRank": 5, "rankChange": -1 } ],
              "overtakes": [ { "cityCode": "441900", "name": "Dongguan", "rank": 5, "overtakenCityCode": "330200", "overtakenName": "Ningbo", "overtakenRank": 6 } ],
              "milestones": [ { "cityCode": "330700", "name": "Jinhua", "value": 10200, "threshold": 10000, "direction": "up" } ] }
            """;
        var lines = Lines(w => MoversReport.Write(JsonDocument.Parse(movers).RootElement, w));

        Assert.Equal("Movers 2025 · measure total · compared with 2024", lines[0]);
        Assert.Contains("  Jinhua (330700)  +12.50 %  value 10,200", lines);
        Assert.Equal("  (none)", lines[lines.IndexOf("Steepest decline") + 1]);
        Assert.Contains("  Dongguan (441900)  rank 5, was 6 (+1)", lines);
        Assert.Contains("  Ningbo (330200)  rank 6, was 5 (-1)", lines);
        Assert.Contains("  Dongguan (5) overtook Ningbo (6)", lines);
        Assert.Contains("  Jinhua crossed 10,000 up (now 10,200)", lines);
    }

    [Theory]
    [InlineData("abc", 3)]
    [InlineData("亿元", 4)]
    [InlineData("Value (亿元)", 12)]
    public void Display_width_counts_cjk_as_two(string text, int width) => Assert.Equal(width, text.GetCellWidth());

    /// <summary>The part of a line between two display columns.</summary>
    private static string Slice(string line, int from, int to)
    {
        var result = new System.Text.StringBuilder();
        var column = 0;
        foreach (var rune in line.EnumerateRunes())
        {
            if (column >= from && column < to) result.Append(rune.ToString());
            column += rune.ToString().GetCellWidth();
        }
        return result.ToString();
    }
}
