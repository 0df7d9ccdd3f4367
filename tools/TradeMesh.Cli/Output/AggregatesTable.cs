using System.Text.Json;

namespace TradeMesh.Cli.Output;

/// <summary>The aggregates answer (GET /api/aggregates/{period}): provinces or regions ranked.</summary>
internal static class AggregatesTable
{
    public static void Write(JsonElement answer, TextWriter writer)
    {
        writer.WriteLine($"Aggregates {answer.Text("period")} by {answer.Text("by")} · measure {answer.Text("measure")}" +
                         $" · share basis {answer.Text("shareBasis")} · compared with {Or(answer.Text("comparedWith"))}");
        writer.WriteLine();

        var table = new TextTable(">Rank", "Key", "Name", "中文", $">Value ({answer.Unit()})", ">Cities", ">Share %", ">YoY %", ">Comparable", ">Prev", ">Change");
        foreach (var e in answer.Items("entries"))
            table.Add(e.Text("rank"), e.Text("key"), e.Text("name"), e.Text("nameZh"), Json.Money(e.Number("value")), e.Text("cities"),
                Json.Percent(e.Number("sharePct")), Json.Percent(e.Number("yoyPct"), signed: true), e.Text("comparableCities"),
                e.Text("previousRank"), Json.Change(e.Number("rankChange")));
        table.WriteTo(writer, "(no groups)");
    }

    private static string Or(string text) => text.Length > 0 ? text : "-";
}
