using System.Text.Json;

namespace TradeMesh.Cli.Output;

/// <summary>The movers answer (GET /api/movers/{period}) as short readable sections.</summary>
internal static class MoversReport
{
    public static void Write(JsonElement movers, TextWriter writer)
    {
        writer.WriteLine($"Movers {movers.Text("period")} · measure {movers.Text("measure")} · compared with {Or(movers.Text("comparedWith"), "-")}");

        Section(writer, "Fastest growth", movers.Items("fastestGrowth"), Growth);
        Section(writer, "Steepest decline", movers.Items("steepestDecline"), Growth);
        Section(writer, "Climbers", movers.Items("climbers"), RankMove);
        Section(writer, "Fallers", movers.Items("fallers"), RankMove);
        Section(writer, "Overtakes", movers.Items("overtakes"),
            o => $"{o.Text("name")} ({o.Text("rank")}) overtook {o.Text("overtakenName")} ({o.Text("overtakenRank")})");
        Section(writer, "Milestones", movers.Items("milestones"),
            m => $"{m.Text("name")} crossed {Json.Money(m.Number("threshold"))} {m.Text("direction")} (now {Json.Money(m.Number("value"))})" +
                 (m.Field("firstTime")?.ValueKind == JsonValueKind.True ? ", for the first time" : ""));
    }

    private static string Growth(JsonElement g) =>
        $"{g.Text("name")} ({g.Text("cityCode")})  {Json.Percent(g.Number("yoyPct"), signed: true)} %  value {Json.Money(g.Number("value"))}";

    private static string RankMove(JsonElement r) =>
        $"{r.Text("name")} ({r.Text("cityCode")})  rank {r.Text("rank")}, was {r.Text("previousRank")} ({Json.Change(r.Number("rankChange"))})";

    private static void Section(TextWriter writer, string title, IEnumerable<JsonElement> items, Func<JsonElement, string> line)
    {
        writer.WriteLine();
        writer.WriteLine(title);
        var any = false;
        foreach (var item in items)
        {
            any = true;
            writer.WriteLine("  " + line(item));
        }
        if (!any) writer.WriteLine("  (none)");
    }

    private static string Or(string text, string fallback) => text.Length > 0 ? text : fallback;
}
