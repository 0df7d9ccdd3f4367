namespace TradeMesh.Benchmarks.Suite;

/// <summary>One figure of the suite beside its baseline; ratio = value / baseline.</summary>
public sealed record Figure(string Name, string Value, string Baseline = "", double? Ratio = null, string Target = "", bool? Met = null);

/// <summary>
/// The suite's output: one table of figures against their baselines, and a second one of stage
/// timings (where the time goes). Printed and written as Markdown for the README to quote.
/// </summary>
public sealed class ResultTable
{
    private readonly List<Figure> _figures = [];
    private readonly List<(string Where, string What, string Value)> _stages = [];
    private readonly List<string> _machine = [];

    public void Add(Figure figure)
    {
        _figures.Add(figure);
        Console.WriteLine($"  {figure.Name}: {figure.Value}" + (figure.Ratio is { } r ? $" ({r.ToString("0.00", CultureInfo.InvariantCulture)}x {figure.Baseline})" : ""));
    }

    public void Stage(string where, string what, string value)
    {
        _stages.Add((where, what, value));
        Console.WriteLine($"  [{where}] {what}: {value}");
    }

    public void Machine(string line) => _machine.Add(line);

    public string ToMarkdown(string title)
    {
        var md = new StringBuilder();
        md.AppendLine(CultureInfo.InvariantCulture, $"# {title}").AppendLine();
        foreach (var line in _machine) md.AppendLine(CultureInfo.InvariantCulture, $"- {line}");
        md.AppendLine().AppendLine("| figure | value | baseline | ratio | target | met? |").AppendLine("|---|---|---|---|---|---|");
        foreach (var f in _figures)
        {
            var ratio = f.Ratio is { } r ? r.ToString("0.00", CultureInfo.InvariantCulture) + "x" : "";
            var met = f.Met switch { true => "yes", false => "**no**", null => "" };
            md.AppendLine(CultureInfo.InvariantCulture, $"| {f.Name} | {f.Value} | {f.Baseline} | {ratio} | {f.Target} | {met} |");
        }
        md.AppendLine().AppendLine("## Where the time goes").AppendLine()
            .AppendLine("| measurement | stage | value |").AppendLine("|---|---|---|");
        foreach (var (where, what, value) in _stages) md.AppendLine(CultureInfo.InvariantCulture, $"| {where} | {what} | {value} |");
        return md.ToString();
    }
}

internal static class Format
{
    public static string Rate(double perSecond, string unit) => $"{perSecond.ToString("N0", CultureInfo.InvariantCulture)} {unit}/s";
    public static string Ms(double ms) => ms.ToString(ms < 10 ? "0.00" : "N0", CultureInfo.InvariantCulture) + " ms";
    public static string S(double s) => s.ToString("0.0", CultureInfo.InvariantCulture) + " s";
    public static string Mb(double mb) => mb.ToString("N0", CultureInfo.InvariantCulture) + " MB";
    public static string Bytes(long b) => b >= 1_000_000 ? Mb(b / 1e6) : (b / 1e3).ToString("N0", CultureInfo.InvariantCulture) + " kB";
    public static string N(double n) => n.ToString("N0", CultureInfo.InvariantCulture);
}
