using System.Text;

namespace TradeMesh.Cli.Output;

/// <summary>
/// A plain aligned table for the terminal: text columns left-aligned, number columns right-aligned.
/// Widths count a CJK character as two columns (as terminals draw it), so 亿元 and Chinese city
/// names do not push the columns after them out of line.
/// </summary>
internal sealed class TextTable(params (string Title, bool RightAligned)[] columns)
{
    private readonly List<string[]> _rows = [];

    public void Add(params string[] cells)
    {
        if (cells.Length != columns.Length) throw new ArgumentException($"{cells.Length} cells for {columns.Length} columns");
        _rows.Add(cells);
    }

    public void WriteTo(TextWriter writer)
    {
        var all = _rows.Prepend(columns.Select(c => c.Title).ToArray()).ToList();
        var widths = Enumerable.Range(0, columns.Length).Select(i => all.Max(r => Width(r[i]))).ToArray();
        foreach (var row in all)
        {
            var line = new StringBuilder();
            for (var i = 0; i < row.Length; i++)
            {
                if (i > 0) line.Append("  ");
                var pad = new string(' ', widths[i] - Width(row[i]));
                line.Append(columns[i].RightAligned ? pad + row[i] : row[i] + pad);
            }
            writer.WriteLine(line.ToString().TrimEnd());
        }
    }

    /// <summary>Terminal columns taken by the text: East Asian wide and fullwidth characters count two.</summary>
    public static int Width(string text)
    {
        var width = 0;
        foreach (var rune in text.EnumerateRunes())
        {
            var c = rune.Value;
            width += c is >= 0x1100 and <= 0x115F or >= 0x2E80 and <= 0xA4CF or >= 0xAC00 and <= 0xD7A3
                or >= 0xF900 and <= 0xFAFF or >= 0xFE30 and <= 0xFE4F or >= 0xFF00 and <= 0xFF60 or >= 0xFFE0 and <= 0xFFE6
                or >= 0x20000 and <= 0x3FFFD ? 2 : 1;
        }
        return width;
    }
}
