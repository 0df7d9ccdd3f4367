using System.Text.Json;

namespace TradeMesh.Cli.Output;

/// <summary>The ranking answer (GET /api/rankings/{period}) as a header line and an aligned table.</summary>
internal static class RankingTable
{
    public static void Write(JsonElement ranking, TextWriter writer)
    {
        writer.WriteLine(Header(ranking));
        writer.WriteLine();

        var table = new TextTable(("Rank", true), ("Code", false), ("Name", false), ("Province", false),
            ("Value (亿元)", true), ("Share %", true), ("Gap", true), ("YoY %", true), ("Prev", true), ("Change", true));
        var count = 0;
        foreach (var e in ranking.Items("entries"))
        {
            count++;
            table.Add(e.Text("rank"), e.Text("cityCode"), e.Text("name"), e.Text("province"),
                Json.Money(e.Number("value")), Json.Percent(e.Number("sharePct")), Json.Money(e.Number("gapToAbove")),
                Json.Percent(e.Number("yoyPct"), signed: true), e.Text("previousRank"), Json.Change(e.Number("rankChange")));
        }
        if (count == 0) writer.WriteLine("(no cities)");
        else table.WriteTo(writer);
    }

    public static string Header(JsonElement ranking)
    {
        var national = ranking.Number("nationalTotal") is { } total ? $"{Json.Money(total)} 亿元" : "not reported";
        var compared = ranking.Text("comparedWith") is { Length: > 0 } c ? c : "-";
        return $"Ranking {ranking.Text("period")} · measure {ranking.Text("measure")} · share basis {ranking.Text("shareBasis")}" +
               $" · national total {national} · compared with {compared}";
    }
}
