using System.Text.Json;

namespace TradeMesh.Cli.Output;

/// <summary>A city's history (GET /api/cities/{code}/history): each period's effective figure, then those it superseded.</summary>
internal static class HistoryTable
{
    public static void Write(JsonElement answer, TextWriter writer)
    {
        writer.WriteLine($"History of {answer.Text("name")} ({answer.Text("cityCode")}) · {answer.Text("province")} · measure {answer.Text("measure")}");
        writer.WriteLine();

        var table = new TextTable("Period", "Figure", $">Value ({answer.Unit()})", ">YoY %", "Stage", "Published", "Release");
        foreach (var period in answer.Items("periods"))
        {
            Add(table, period.Text("period"), "effective", period.Field("effective"));
            foreach (var superseded in period.Items("superseded")) Add(table, "", "superseded", superseded);
        }
        table.WriteTo(writer, "(no figures)");
    }

    private static void Add(TextTable table, string period, string figure, JsonElement? f)
    {
        if (f is not { } x) return;
        table.Add(period, figure, Json.Money(x.Number("value")), Json.Percent(x.Number("yoyPct"), signed: true),
            x.Text("stage"), x.Text("publishedAt"), x.Text("releaseId"));
    }
}
