using System.Text.Json;

namespace TradeMesh.Cli.Output;

/// <summary>The series answer (GET /api/series) as one table: a row per city and period, blank where the city had no figure.</summary>
internal static class SeriesTable
{
    public static void Write(JsonElement answer, TextWriter writer)
    {
        writer.WriteLine($"Series · measure {answer.Text("measure")} · shape {answer.Text("shape")} · level {answer.Text("level")}" +
                         $" · periods {string.Join(", ", answer.Items("periods").Select(p => p.AsText()))}");
        writer.WriteLine();

        var table = new TextTable("Code", "Name", "Period", $">Value ({answer.Unit()})", ">Rank", ">Share %", ">YoY %", "Stage");
        foreach (var series in answer.Items("series"))
            foreach (var point in series.Items("points"))
                table.Add(series.Text("cityCode"), series.Text("name"), point.Text("period"), Json.Money(point.Number("value")),
                    point.Text("rank"), Json.Percent(point.Number("sharePct")), Json.Percent(point.Number("yoyPct"), signed: true), point.Text("stage"));
        table.WriteTo(writer, "(no figures)");
    }
}
