using System.CommandLine;
using System.Globalization;

namespace TradeMesh.Cli.Commands;

/// <summary>
/// The options of the read commands, named as the contract's query parameters. The CLI checks only
/// what it must to build the URL (whole numbers, the output format); measures, levels, units,
/// instants and periods are the server's to judge, and its 400 lists every reason.
/// </summary>
internal static class QueryOptions
{
    public static Option<int?> Top(string what) => WholeNumber("--top", $"How many {what} (server default if not given)", minimum: 1);
    public static Option<int?> Offset() => WholeNumber("--offset", "Entries to skip, for paging", minimum: 0);
    public static Option<string> Measure() => Text("--measure", "total|exports|imports", "The measure (default total)");
    public static Option<string> Level() => Text("--level", "city|county", "Cities or counties, never ranked together (default city)");
    public static Option<string> Unit() => Text("--unit", "UNIT", "Money in CNY_100M (default), CNY, CNY_10K, CNY_BN or CNY_TN");
    public static Option<string> AsOf() => Text("--as-of", "INSTANT", "As things stood then: an ISO-8601 instant with a zone");
    public static Option<string> Province() => Text("--province", "PROVINCE", "English or Chinese name, or two-digit code");

    public static Option<string> Format()
    {
        var format = new Option<string>("--format")
        {
            Description = "table for people; csv and json are the server's own answer, printed as is", HelpName = "table|csv|json",
            DefaultValueFactory = _ => "table",
        };
        format.AcceptOnlyFromAmong("table", "csv", "json");
        return format;
    }

    public static Option<string> Text(string name, string helpName, string description) =>
        new(name) { Description = description, HelpName = helpName };

    private static Option<int?> WholeNumber(string name, string description, int minimum) => new(name)
    {
        Description = description, HelpName = "N",
        CustomParser = result =>
        {
            var text = result.Tokens.Single().Value;
            if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n >= minimum) return n;
            result.AddError($"{name} must be a whole number of {minimum} or more, not '{text}'");
            return null;
        },
    };
}
