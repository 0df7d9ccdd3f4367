using Spectre.Console;
using Spectre.Console.Rendering;

namespace TradeMesh.Cli.Output;

/// <summary>
/// Tables drawn by Spectre.Console into any TextWriter: no colours or control codes (the output is
/// read by scripts and tests as well as people), text left-aligned, numbers right-aligned, CJK
/// characters counted as two columns as terminals draw them.
/// </summary>
internal sealed class TextTable
{
    // Wide enough that no row of a ranking wraps when the output goes to a file or a pipe.
    private const int RedirectedWidth = 240;
    private readonly Table _table = new Table().Border(TableBorder.None);

    /// <summary>Columns by title; a title starting with '>' is a right-aligned number column (the '>' is not shown).</summary>
    public TextTable(params string[] titles)
    {
        foreach (var title in titles)
        {
            var right = title.StartsWith('>');
            // Two spaces between columns and none before the first, as `column -t` and most CLIs print.
            var column = new TableColumn(new Text(right ? title[1..] : title)) { Padding = new Padding(0, 0, 2, 0) };
            _table.AddColumn(right ? column.RightAligned() : column);
        }
    }

    public int Rows => _table.Rows.Count;

    public void Add(params string[] cells) => _table.AddRow(cells.Select(c => (IRenderable)new Text(c)).ToArray());

    /// <summary>The table, or the line <paramref name="empty"/> ("(no cities)") when it has no rows.</summary>
    public void WriteTo(TextWriter writer, string empty)
    {
        if (Rows == 0) { writer.WriteLine(empty); return; }
        using var rendered = new StringWriter();
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.No, ColorSystem = ColorSystemSupport.NoColors, Interactive = InteractionSupport.No,
            Out = new AnsiConsoleOutput(rendered),
        });
        console.Profile.Width = writer == Console.Out && !Console.IsOutputRedirected ? Math.Max(Console.WindowWidth, 80) : RedirectedWidth;
        console.Write(_table);
        // Spectre pads the last column to its width: trailing spaces only get in a reader's way.
        foreach (var line in rendered.ToString().TrimEnd().Split('\n')) writer.WriteLine(line.TrimEnd());
    }
}
