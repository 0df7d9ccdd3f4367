using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace TradeMesh.Cli.Releases;

/// <summary>
/// A release in CSV: the header `cityCode,name,province,total,exports,imports,yoyPct` and one city
/// per row. Over HTTP the server reads the CSV itself; over AMQP there is no CSV form, so the CLI
/// turns rows and options into the release JSON of the contract.
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

        var header = records[0].Fields.Select(h => h.Trim()).ToList();
        var unknown = header.Where(h => !Columns.Contains(h, StringComparer.OrdinalIgnoreCase)).ToList();
        if (unknown.Count > 0 || !header.Contains("cityCode", StringComparer.OrdinalIgnoreCase))
            throw new UsageException($"the CSV header must be {string.Join(',', Columns)}; got {string.Join(',', header)}");
        var names = header.Select(h => Columns.First(c => c.Equals(h, StringComparison.OrdinalIgnoreCase))).ToList();

        var rows = new List<IReadOnlyDictionary<string, string>>();
        foreach (var (record, line) in records.Skip(1))
        {
            if (record.Count != names.Count)
                throw new UsageException($"CSV line {line}: {record.Count} fields, the header has {names.Count}");
            rows.Add(names.Zip(record, (n, v) => (n, v.Trim())).ToDictionary(p => p.n, p => p.Item2));
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

    /// <summary>RFC 4180 records (quoted fields may hold commas, quotes and line breaks), blank lines skipped.</summary>
    private static List<(List<string> Fields, int Line)> ReadRecords(string text)
    {
        var records = new List<(List<string>, int)>();
        var fields = new List<string>();
        var field = new StringBuilder();
        bool quoted = false, any = false;
        int line = 1, recordLine = 1;

        void EndField() { fields.Add(field.ToString()); field.Clear(); }
        void EndRecord()
        {
            EndField();
            if (any || fields.Count > 1 || fields[0].Trim().Length > 0) records.Add((fields, recordLine));
            fields = []; any = false;
        }

        var start = text.Length > 0 && text[0] == '\uFEFF' ? 1 : 0; // a BOM from spreadsheet exports
        for (var i = start; i < text.Length; i++)
        {
            var c = text[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < text.Length && text[i + 1] == '"') { field.Append('"'); i++; }
                else if (c == '"') quoted = false;
                else { if (c == '\n') line++; field.Append(c); }
            }
            else if (c == '"') { quoted = true; any = true; }
            else if (c == ',') EndField();
            else if (c == '\n') { EndRecord(); recordLine = ++line; }
            else if (c != '\r') field.Append(c);
        }
        if (quoted) throw new UsageException($"CSV line {recordLine}: a quoted field is not closed");
        if (field.Length > 0 || fields.Count > 0) EndRecord();
        return records;
    }
}
