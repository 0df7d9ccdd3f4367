using TradeMesh.Projections.Cities.GettingHistory;
using TradeMesh.Projections.Figures;
using TradeMesh.Projections.Queries;

namespace TradeMesh.Projections.Cities.ListingCities;

/// <summary>A city some complete release reported: its latest reported name and the first and last periods it has figures for.</summary>
public sealed record ReportedCity(string Name, string FirstPeriod, string LastPeriod, DateTimeOffset NamedAt);

/// <summary>
/// Every reported city in one document (a few hundred kilobytes for 5,000 cities): GET /api/cities
/// reads one document instead of scanning the city histories, and a batch rewrites it once.
/// </summary>
public sealed class CityDirectory : ReadModels.IReadModel
{
    public const string TheId = "cities";

    public string Id { get; set; } = TheId;
    public Dictionary<string, ReportedCity> Cities { get; set; } = [];

    /// <summary>
    /// Notes the figures of a city's period history (one that shows a figure: <see cref="CityPeriodHistory.Shown"/>);
    /// true when the city's entry changed.
    /// </summary>
    public bool Note(CityPeriodHistory history)
    {
        var named = history.Figures.MaxBy(f => f.PublishedAt)!;
        if (!Cities.TryGetValue(history.CityCode, out var city))
        {
            Cities[history.CityCode] = new ReportedCity(named.Name, history.Period, history.Period, named.PublishedAt);
            return true;
        }
        var order = PeriodOrder.Chronological;
        var noted = new ReportedCity(
            named.PublishedAt >= city.NamedAt ? named.Name : city.Name,
            order.Compare(history.Period, city.FirstPeriod) < 0 ? history.Period : city.FirstPeriod,
            order.Compare(history.Period, city.LastPeriod) > 0 ? history.Period : city.LastPeriod,
            named.PublishedAt >= city.NamedAt ? named.PublishedAt : city.NamedAt);
        if (noted == city) return false;
        Cities[history.CityCode] = noted;
        return true;
    }

    /// <summary>The directory of every period's figures (a rebuild).</summary>
    public static CityDirectory Of(IEnumerable<PeriodFigures> periods)
    {
        var directory = new CityDirectory();
        foreach (var p in periods)
            foreach (var history in CityPeriodHistory.Shown(p, p.Cities.Keys))
                directory.Note(history);
        return directory;
    }
}
