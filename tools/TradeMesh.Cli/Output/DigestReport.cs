using System.Text.Json;

namespace TradeMesh.Cli.Output;

/// <summary>One release-applied event of the feed as a few lines: what the release did to the ranking.</summary>
internal static class DigestReport
{
    public static void Write(JsonElement applied, TextWriter writer)
    {
        writer.WriteLine($"release {applied.Text("releaseId")} applied · period {applied.Text("period")} · {applied.Text("stage")}" +
                         $" · {applied.Text("cities")} cities · published {applied.Text("publishedAt")} · applied {applied.Text("appliedAt")}");
        var digest = applied.Field("digest") ?? default;
        Line(writer, "entered the top ten", digest.Items("enteredTopTen").Select(c => c.AsText()));
        Line(writer, "first time over", digest.Items("firstTimeMilestones").Select(m => $"{m.Text("cityCode")} {Json.Money(m.Number("threshold"))}"));
        Line(writer, "overtakes", digest.Items("overtakes").Select(o => $"{o.Text("cityCode")} > {o.Text("overtakenCityCode")}"));
        Line(writer, "biggest changes", digest.Items("biggestChanges").Select(c =>
            $"{c.Text("cityCode")} {c.Text("measure")} {Json.Money(c.Number("before"))} -> {Json.Money(c.Number("after"))} ({ChangesReport.Signed(c.Number("delta"))})"));
        StatusReport.WriteWarnings(applied, writer);
    }

    private static void Line(TextWriter writer, string title, IEnumerable<string> items)
    {
        var list = items.ToList();
        if (list.Count > 0) writer.WriteLine($"  {title}: {string.Join(", ", list)}");
    }
}
