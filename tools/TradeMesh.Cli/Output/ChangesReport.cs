using System.Text.Json;

namespace TradeMesh.Cli.Output;

/// <summary>What a release changed (GET /api/releases/{id}/changes): figures before and after, then ranks that moved.</summary>
internal static class ChangesReport
{
    public static void Write(JsonElement answer, TextWriter writer)
    {
        writer.WriteLine($"Changes of release {answer.Text("releaseId")} · period {answer.Text("period")} · stage {answer.Text("stage")}" +
                         $" · published {answer.Text("publishedAt")}");
        writer.WriteLine();

        var changes = new TextTable("Code", "Name", "Measure", $">Before ({answer.Unit()})", ">After", ">Delta", ">Delta %");
        foreach (var c in answer.Items("changes"))
            changes.Add(c.Text("cityCode"), c.Text("name"), c.Text("measure"), Json.Money(c.Number("before")), Json.Money(c.Number("after")),
                Signed(c.Number("delta")), Json.Percent(c.Number("deltaPct"), signed: true));
        changes.WriteTo(writer, "(no figure changed)");

        writer.WriteLine();
        writer.WriteLine("Rank changes");
        var ranks = new TextTable("Code", "Name", ">Before", ">After");
        foreach (var r in answer.Items("rankChanges")) ranks.Add(r.Text("cityCode"), r.Text("name"), r.Text("before"), r.Text("after"));
        ranks.WriteTo(writer, "(no rank moved)");
    }

    public static string Signed(decimal? value) => value > 0 ? "+" + Json.Money(value) : Json.Money(value);
}
