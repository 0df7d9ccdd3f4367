using System.Text.Json;

namespace TradeMesh.Cli.Output;

/// <summary>The cities answer (GET /api/cities): code, names, province, region, level and the periods with figures.</summary>
internal static class CitiesTable
{
    public static void Write(JsonElement answer, TextWriter writer)
    {
        // A bare list, or a page of it ({ total, entries }) as the other lists answer.
        var cities = answer.ValueKind == JsonValueKind.Array ? answer.EnumerateArray() : answer.Items("entries").Concat(answer.Items("cities"));
        var table = new TextTable("Code", "Name", "中文", "Province", "省", "Region", "Level", "First", "Last");
        foreach (var c in cities)
            table.Add(c.Text("cityCode"), c.Text("name"), c.Text("nameZh"), c.Text("province"), c.Text("provinceZh"),
                c.Text("region"), c.Text("level"), c.Text("firstPeriod"), c.Text("lastPeriod"));
        table.WriteTo(writer, "(no cities)");
        if (answer.ValueKind == JsonValueKind.Object && answer.Number("total") is { } total && total > table.Rows)
            writer.WriteLine($"{table.Rows} of {total} cities");
    }
}
