using System.CommandLine;
using TradeMesh.Cli.Output;
using static TradeMesh.Cli.Transport.GatewayClient;

namespace TradeMesh.Cli.Commands;

/// <summary>
/// The read commands, one per endpoint of the contract (GET /api/...), each with the endpoint's
/// query parameters as options and --format table|csv|json.
/// </summary>
internal static class ReadCommands
{
    public static IEnumerable<Command> All(GlobalOptions global) =>
        [Status(global), Ranking(global), Movers(global), Series(global), Aggregates(global), Cities(global), History(global), Changes(global)];

    private static Argument<string> Positional(string name, string description) => new(name) { Description = description };

    private static Argument<string> Period() => Positional("PERIOD", "YYYY, YYYY-MM or YYYY-MM-YTD");

    public static Command Status(GlobalOptions global)
    {
        var release = Positional("RELEASE-ID", "The release's id");
        var command = new QueryCommand("status", "The release's status, cities, applied cities, reasons, warnings and trace link.");
        command.Arguments.Add(release);
        // A script asking about a release mostly wants to know whether it was refused.
        return command.Runs(global, r => $"api/releases/{Segment(r.GetValue(release)!)}", StatusReport.Write,
            status => status.Text("status") == "rejected" ? ExitCodes.Refused : ExitCodes.Success);
    }

    public static Command Ranking(GlobalOptions global)
    {
        var period = Period();
        var command = new QueryCommand("ranking", "The ranking of a period, as it stood at --as-of if given.");
        command.Arguments.Add(period);
        return command.With(QueryOptions.Top("cities"), "top").With(QueryOptions.Offset(), "offset")
            .With(QueryOptions.Measure(), "measure").With(QueryOptions.Province(), "province").With(QueryOptions.Level(), "level")
            .With(QueryOptions.AsOf(), "asOf").With(QueryOptions.Unit(), "unit")
            .Runs(global, r => $"api/rankings/{Segment(r.GetValue(period)!)}", RankingTable.Write);
    }

    public static Command Movers(GlobalOptions global)
    {
        var period = Period();
        var command = new QueryCommand("movers", "Fastest growth, steepest decline, climbers, fallers, overtakes and milestones.");
        command.Arguments.Add(period);
        // No --offset: the movers endpoint pages nothing (each list is its top N).
        return command.With(QueryOptions.Top("entries per list"), "top")
            .With(QueryOptions.Measure(), "measure").With(QueryOptions.Province(), "province").With(QueryOptions.Level(), "level")
            .With(QueryOptions.AsOf(), "asOf").With(QueryOptions.Unit(), "unit")
            .Runs(global, r => $"api/movers/{Segment(r.GetValue(period)!)}", MoversReport.Write);
    }

    public static Command Series(GlobalOptions global)
    {
        var cities = Positional("CITIES", "Up to 20 city codes, comma-separated (440300,310000)");
        var command = new QueryCommand("series", "Cities' figures, ranks, shares and growth over the periods of one shape.");
        return command.With(cities, "cities").With(QueryOptions.Measure(), "measure")
            .With(QueryOptions.Text("--shape", "year|month|ytd", "The periods: years, months or year-to-date (default year)"), "shape")
            .With(QueryOptions.Text("--from", "PERIOD", "First period, inclusive"), "from")
            .With(QueryOptions.Text("--to", "PERIOD", "Last period, inclusive"), "to")
            .With(QueryOptions.Level(), "level").With(QueryOptions.AsOf(), "asOf").With(QueryOptions.Unit(), "unit")
            .Runs(global, _ => "api/series", SeriesTable.Write);
    }

    public static Command Aggregates(GlobalOptions global)
    {
        var period = Period();
        var command = new QueryCommand("aggregates", "Provinces or regions ranked by the sum of their cities.");
        command.Arguments.Add(period);
        return command.With(QueryOptions.Text("--by", "province|region", "Group by province (default) or region"), "by")
            .With(QueryOptions.Measure(), "measure").With(QueryOptions.AsOf(), "asOf").With(QueryOptions.Unit(), "unit")
            .Runs(global, r => $"api/aggregates/{Segment(r.GetValue(period)!)}", AggregatesTable.Write);
    }

    public static Command Cities(GlobalOptions global)
    {
        var command = new QueryCommand("cities", "The cities the system knows: registry and reported.");
        return command.With(QueryOptions.Province(), "province").With(QueryOptions.Level(), "level")
            .With(QueryOptions.Text("--q", "TEXT", "Part of an English or Chinese name"), "q")
            .With(QueryOptions.Top("cities"), "top").With(QueryOptions.Offset(), "offset")
            .Runs(global, _ => "api/cities", CitiesTable.Write);
    }

    public static Command History(GlobalOptions global)
    {
        var city = Positional("CITY", "A 6-digit city code");
        var command = new QueryCommand("history", "Every period of a city: its effective figure and the figures it superseded.");
        command.Arguments.Add(city);
        return command.With(QueryOptions.Measure(), "measure").With(QueryOptions.AsOf(), "asOf").With(QueryOptions.Unit(), "unit")
            .Runs(global, r => $"api/cities/{Segment(r.GetValue(city)!)}/history", HistoryTable.Write);
    }

    public static Command Changes(GlobalOptions global)
    {
        var release = Positional("RELEASE-ID", "An applied release's id");
        var command = new QueryCommand("changes", "What a release changed: figures before and after, and ranks that moved.");
        command.Arguments.Add(release);
        return command.Runs(global, r => $"api/releases/{Segment(r.GetValue(release)!)}/changes", ChangesReport.Write);
    }
}
