using System.Text.Json;

namespace TradeMesh.Cli.Output;

/// <summary>The ranking answer (GET /api/rankings/{period}) as a header line and an aligned table.</summary>
internal static class RankingTable
{
    public static void Write(JsonElement ranking, TextWriter writer)
    {
        writer.WriteLine(Header(ranking));
        writer.WriteLine();

        var table = new TextTable(">Rank", "Code", "Name", "Province", $">Value ({ranking.Unit()})", ">Share %", ">Gap", ">YoY %", ">Prev", ">Change");
        foreach (var e in ranking.Items("entries"))
            table.Add(e.Text("rank"), e.Text("cityCode"), e.Text("name"), e.Text("province"),
                Json.Money(e.Number("value")), Json.Percent(e.Number("sharePct")), Json.Money(e.Number("gapToAbove")),
                Json.Percent(e.Number("yoyPct"), signed: true), e.Text("previousRank"), Json.Change(e.Number("rankChange")));
        table.WriteTo(writer, "(no cities)");
        if (ranking.Number("total") is { } total && total > table.Rows)
            writer.WriteLine($"{table.Rows} of {total} entries (page with --top and --offset)");
    }

    public static string Header(JsonElement ranking)
    {
        var national = ranking.Number("nationalTotal") is { } total ? $"{Json.Money(total)} {ranking.Unit()}" : "not reported";
        var compared = ranking.Text("comparedWith") is { Length: > 0 } c ? c : "-";
        return $"Ranking {ranking.Text("period")} · measure {ranking.Text("measure")} · share basis {ranking.Text("shareBasis")}" +
               $" · national total {national} · compared with {compared}";
    }
}
