using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using nietras.SeparatedValues;

namespace TradeMesh.Cli.Releases;

/// <summary>
/// A release in CSV: the header `cityCode,name,province,total,exports,imports,yoyPct` and one city
/// per row. Over HTTP the server reads the CSV itself; over AMQP there is no CSV form, so the CLI
/// turns rows and options into the release JSON of the contract. Rows are read with Sep, as the
/// ingestion service reads them, so both see the same cells.
/// </summary>
internal static class CsvRelease
{
    public static readonly string[] Columns = ["cityCode", "name", "province", "total", "exports", "imports", "yoyPct"];
    private static readonly HashSet<string> NumberColumns = ["total", "exports", "imports", "yoyPct"];

    /// <summary>The rows under the header, each as column name -> cell text ("" when empty).</summary>
    public static IReadOnlyList<IReadOnlyDictionary<string, string>> ReadRows(string text)
    {
        var records = ReadRecords(text);
        if (records.Count == 0) throw new UsageException("the CSV file is empty (it needs the header " + string.Join(',', Columns) + ")");

        var header = records[0].Cells.Select(h => h.Trim()).ToList();
        var unknown = header.Where(h => !Columns.Contains(h, StringComparer.OrdinalIgnoreCase)).ToList();
        if (unknown.Count > 0 || !header.Contains("cityCode", StringComparer.OrdinalIgnoreCase))
            throw new UsageException($"the CSV header must be {string.Join(',', Columns)}; got {string.Join(',', header)}");
        var names = header.Select(h => Columns.First(c => c.Equals(h, StringComparison.OrdinalIgnoreCase))).ToList();

        var rows = new List<IReadOnlyDictionary<string, string>>();
        foreach (var (cells, row) in records.Skip(1))
        {
            if (cells.Count != names.Count)
                throw new UsageException($"CSV row {row}: {cells.Count} cells, the header has {names.Count}");
            rows.Add(names.Zip(cells, (n, v) => (n, v.Trim())).ToDictionary(p => p.n, p => p.Item2));
        }
        return rows;
    }

    /// <summary>The release JSON of product.md for these rows and release fields.</summary>
    public static byte[] ToJson(string csvText, ReleaseFields fields)
    {
        var rows = ReadRows(csvText);
        using var buffer = new MemoryStream();
        // Relaxed escaping keeps Chinese names readable in the message (it is still valid JSON).
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            json.WriteStartObject();
            json.WriteString("releaseId", fields.ReleaseId);
            json.WriteString("period", fields.Period);
            json.WriteString("stage", fields.Stage);
            json.WriteString("unit", fields.Unit);
            json.WriteString("publishedAt", fields.PublishedAt);
            if (fields.NationalTotal is not null) WriteCell(json, "nationalTotal", fields.NationalTotal, number: true);
            json.WriteStartArray("cities");
            foreach (var row in rows)
            {
                json.WriteStartObject();
                foreach (var column in Columns)
                    WriteCell(json, column, row.GetValueOrDefault(column, ""), NumberColumns.Contains(column));
                json.WriteEndObject();
            }
            json.WriteEndArray();
            json.WriteEndObject();
        }
        return buffer.ToArray();
    }

    /// <summary>
    /// An empty cell is null. A number cell that is not a number is sent as the text it is, so the
    /// server names it among its reasons ("must be a number") instead of the CLI guessing the rules.
    /// </summary>
    private static void WriteCell(Utf8JsonWriter json, string name, string cell, bool number)
    {
        if (cell.Length == 0) json.WriteNull(name);
        else if (number && decimal.TryParse(cell, NumberStyles.Float, CultureInfo.InvariantCulture, out var value)) json.WriteNumber(name, value);
        else json.WriteString(name, cell);
    }

    /// <summary>RFC 4180 records with their row number (the header is row 1), blank lines skipped.</summary>
    private static List<(List<string> Cells, int Row)> ReadRecords(string text)
    {
        var records = new List<(List<string>, int)>();
        using var reader = Sep.Reader(o => o with { Sep = new Sep(','), HasHeader = false, Unescape = true, DisableColCountCheck = true })
            .FromText(text.TrimStart('\uFEFF')); // a BOM from spreadsheet exports
        foreach (var record in reader)
        {
            var cells = new List<string>(record.ColCount);
            for (var i = 0; i < record.ColCount; i++) cells.Add(record[i].ToString());
            if (cells.Count > 1 || cells[0].Trim().Length > 0) records.Add((cells, record.RowIndex + 1));
        }
        // Sep reads a quote that is never closed to the end of the text: an odd count of quotes.
        if (text.Count(c => c == '"') % 2 == 1)
            throw new UsageException($"CSV row {records.LastOrDefault().Item2}: a quoted cell is not closed");
        return records;
    }
}
