using System.Globalization;
using System.Text;

namespace TradeMesh.Ingestion.Releases.Validating;

/// <summary>
/// Reads a release sent as CSV over HTTP: the release fields come as query parameters, one city
/// per row under the header <c>cityCode,name,province,total,exports,imports,yoyPct</c>. Problems
/// cite row and column (the header is row 1), so a publisher can find them in a spreadsheet.
/// </summary>
public static class CsvReleaseReader
{
    public static readonly string[] Columns = ["cityCode", "name", "province", "total", "exports", "imports", "yoyPct"];

    public static ReleaseDraft Read(IReadOnlyDictionary<string, string?> query, ReadOnlySpan<byte> body)
    {
        // Spreadsheets save CSV with a UTF-8 byte-order mark; it is not part of the header.
        if (body.StartsWith(JsonReleaseReader.Utf8Bom)) body = body[JsonReleaseReader.Utf8Bom.Length..];
        var problems = new List<Reason>();
        decimal? national = null;
        if (query.GetValueOrDefault("nationalTotal") is { Length: > 0 } n)
        {
            if (TryNumber(n, out var value)) national = value;
            else problems.Add(new("nationalTotal", $"'{n}' is not a number"));
        }
        var draft = new ReleaseDraft
        {
            ReleaseId = Blank(query.GetValueOrDefault("releaseId")),
            Source = Blank(query.GetValueOrDefault("source")),
            Period = Blank(query.GetValueOrDefault("period")),
            Stage = Blank(query.GetValueOrDefault("stage")),
            Unit = Blank(query.GetValueOrDefault("unit")),
            PublishedAt = Blank(query.GetValueOrDefault("publishedAt")),
            NationalTotal = national,
            Problems = problems,
        };

        string text;
        try { text = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(body); }
        catch (DecoderFallbackException) { problems.Add(new(Reason.Body, "not valid UTF-8")); return draft; }

        var rows = CsvRows.Parse(text.TrimStart('\uFEFF'), problems);
        var headerRow = CityDraft.InCsvRow(1);
        if (rows.Count == 0) { problems.Add(headerRow.Says("the header cityCode,name,province,total,exports,imports,yoyPct is missing")); return draft; }

        var header = rows[0].Select(h => h.Trim()).ToList();
        var index = Columns.ToDictionary(c => c, c => header.IndexOf(c));
        foreach (var missing in Columns.Where(c => index[c] < 0)) problems.Add(headerRow.Says(missing, "missing from the header"));
        foreach (var unknown in header.Where(h => !Columns.Contains(h))) problems.Add(headerRow.Says($"unknown column '{unknown}'"));
        if (problems.Exists(p => p.City == headerRow.Where)) return draft;

        for (var r = 1; r < rows.Count; r++)
        {
            var cells = rows[r];
            if (cells.Count == 1 && string.IsNullOrWhiteSpace(cells[0])) continue; // a blank line
            var city = CityDraft.InCsvRow(r + 1);
            if (cells.Count != header.Count) problems.Add(city.Says($"{cells.Count} cells, the header has {header.Count}"));
            string? Cell(string column) => index[column] < cells.Count ? Blank(cells[index[column]]) : null;
            decimal? Number(string column)
            {
                if (Cell(column) is not { } raw) return null;
                if (TryNumber(raw, out var value)) return value;
                problems.Add(city.Says(column, $"'{raw}' is not a number"));
                return null;
            }
            draft.Cities.Add(city with
            {
                CityCode = Cell("cityCode"), Name = Cell("name"), Province = Cell("province"),
                Total = Number("total"), Exports = Number("exports"), Imports = Number("imports"), YoyPct = Number("yoyPct"),
            });
        }
        return draft;
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    private static bool TryNumber(string text, out decimal value) =>
        decimal.TryParse(text.Trim(), NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent,
            CultureInfo.InvariantCulture, out value);
}
