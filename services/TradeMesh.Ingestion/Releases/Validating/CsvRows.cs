using nietras.SeparatedValues;

namespace TradeMesh.Ingestion.Releases.Validating;

/// <summary>RFC 4180 rows read with Sep (as the CLI reads them): commas, double-quoted cells (with "" for a quote), CRLF or LF line ends.</summary>
public static class CsvRows
{
    public static List<List<string>> Parse(string text, List<Reason> problems)
    {
        var rows = new List<List<string>>();
        using var reader = Sep.Reader(o => o with { Sep = new Sep(','), HasHeader = false, Unescape = true, DisableColCountCheck = true })
            .FromText(text);
        foreach (var row in reader)
        {
            var cells = new List<string>(row.ColCount);
            for (var i = 0; i < row.ColCount; i++) cells.Add(row[i].ToString());
            rows.Add(cells);
        }
        // Sep reads a quote that is never closed to the end of the text: an odd count of quotes.
        if (text.Count(c => c == '"') % 2 == 1) problems.Add(CityDraft.InCsvRow(rows.Count).Says("a quoted cell is not closed"));
        return rows;
    }
}
