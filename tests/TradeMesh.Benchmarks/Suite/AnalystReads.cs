using Npgsql;
using TradeMesh.Contracts;

namespace TradeMesh.Benchmarks.Suite;

/// <summary>The ids of the documents a read loads, by table.</summary>
public sealed record Documents(string[] Histories, string[] Summaries, string[] Views)
{
    public int Count => Histories.Length + Summaries.Length + Views.Length;

    /// <summary>(table, ids) pairs; a view id names a ranking or an aggregate (each table has only its own).</summary>
    public IEnumerable<(string Table, string[] Ids)> ByTable() =>
    [
        ("trademesh.mt_doc_cityperiodhistory", Histories), ("trademesh.mt_doc_periodsummary", Summaries),
        ("trademesh.mt_doc_rankingview", Views), ("trademesh.mt_doc_aggregateview", Views),
    ];
}

/// <summary>One read timed cold and cached at the projection service, and how much it reads.</summary>
public sealed record ReadTimes(string What, string Path, List<double> Cold, List<double> Cached, long Bytes);

/// <summary>
/// The analyst reads of issue 13 on a store of 20 years: series of 20 cities over the 20 years,
/// aggregates of one year, CSV rankings of every entry. Each year has every city-level code there
/// can be (31 provinces x 99 = 3,069, the most a ranking of cities can hold) and 5,000 county-level
/// codes (the 5,000-entry ranking is the counties'), fed straight to the projection service.
/// "Cold" is a read whose documents the service does not hold: before each one the documents it
/// reads get a new stored version (mt_version, what the service's cache checks on every read, as
/// when a release changes them), so the service loads and deserializes them again. PostgreSQL's
/// buffers stay warm. "Cached" is the same read repeated.
/// </summary>
public sealed class AnalystReads(Endpoints endpoints, StoreProbe probe, TimeSpan limit)
{
    public const int Years = 20, FirstYear = 2040, SeriesCities = 20, Counties = 5_000;
    public static readonly int CityCodes = Target.Provinces.Length * 99;

    private readonly NpgsqlDataSource _db = NpgsqlDataSource.Create(endpoints.Postgres);

    /// <summary>Feeds the 20 years (one release per year, every city and county), waits until applied.</summary>
    public async Task<(long Events, double Seconds)> FillAsync(EventFeed feed, string tag)
    {
        var ids = Enumerable.Range(0, Years).Select(i => $"bench-analyst-{tag}-{FirstYear + i}").ToArray();
        var watch = Stopwatch.StartNew();
        for (var i = 0; i < Years; i++) await feed.PublishAsync(Year(ids[i], FirstYear + i));
        await probe.WaitAppliedAsync(ids, limit);
        return ((long)Years * (CityCodes + Counties), watch.Elapsed.TotalSeconds);
    }

    /// <summary>A year's release: values drift from year to year (seeded), so ranks and growth move.</summary>
    private static List<CityTradeReported> Year(string releaseId, int year)
    {
        var codes = Enumerable.Range(0, CityCodes).Select(City).Concat(Enumerable.Range(0, Counties).Select(County)).ToList();
        var published = new DateTimeOffset(year + 1, 1, 20, 2, 0, 0, TimeSpan.Zero);
        var period = year.ToString(CultureInfo.InvariantCulture);
        return [.. codes.Select((code, i) =>
        {
            var random = new Random(HashCode.Combine(i, year));
            var value = Math.Round((1_000 + i % 997 * 37) * (1 + (year - FirstYear) * 0.04m) * (0.9m + (decimal)random.NextDouble() / 5), 2);
            return new CityTradeReported(EventIds.ForCityFigure(releaseId, code, period), releaseId, period, ReleaseStage.Official,
                published, code, $"Place {code}", Geography.ProvinceOf(code)!.Name, value, null, null, null, 100_000_000m, codes.Count, "bench");
        })];
    }

    /// <summary>City-level codes xxyy00: every (province, yy) pair.</summary>
    public static string City(int i) => $"{Target.Provinces[i % Target.Provinces.Length]}{i / Target.Provinces.Length % 99 + 1:D2}00";

    /// <summary>County-level codes xxyyzz, zz from 01.</summary>
    public static string County(int i)
    {
        var rest = i / Target.Provinces.Length;
        return $"{Target.Provinces[i % Target.Provinces.Length]}{rest % 99 + 1:D2}{rest / 99 + 1:D2}";
    }

    /// <summary>
    /// The reads measured, each with the stored documents it reads (what a cold read must load), as
    /// the projection service's code reads them: a series reads the periods' summaries and each
    /// city's history document of each period (its ranked points); aggregates one aggregate
    /// document; a ranking its ranking document.
    /// </summary>
    public IEnumerable<(string What, string Path, Documents Documents)> Reads()
    {
        var years = Enumerable.Range(FirstYear, Years).Select(y => y.ToString(CultureInfo.InvariantCulture)).ToList();
        // 20 cities spread over the ranking (every 150th city code).
        var cities = Enumerable.Range(0, SeriesCities).Select(i => City(i * 150)).ToList();
        var last = years[^1];
        yield return ($"series of {SeriesCities} cities over {Years} years", $"/api/series?cities={string.Join(",", cities)}&shape=year&from={years[0]}&to={last}",
            new([.. cities.SelectMany(c => years.Select(y => $"{c}:{y}"))], [.. years], []));
        yield return ($"aggregates by province of a year ({Format.N(CityCodes)} cities, {Format.N(Counties)} counties)", $"/api/aggregates/{last}?by=province",
            new([], [], [$"{last}:total:province"]));
        yield return ("aggregates by region, the same year", $"/api/aggregates/{last}?by=region", new([], [], [$"{last}:total:region"]));
        yield return ($"CSV ranking of {Format.N(Counties)} counties", $"/api/rankings/{last}?level=county&top={Counties}&format=csv", new([], [], [$"{last}:total:county"]));
        yield return ($"CSV ranking of {Format.N(CityCodes)} cities", $"/api/rankings/{last}?top={CityCodes}&format=csv", new([], [], [$"{last}:total"]));
    }

    public async Task<ReadTimes> MeasureAsync(string what, string path, Documents documents, int repetitions)
    {
        using var client = endpoints.ProjectionsClient(TimeSpan.FromMinutes(1));
        await TimeAsync(client, path); // the route and its code paths warmed, and the answer checked
        var cold = new List<double>();
        for (var i = 0; i < repetitions; i++)
        {
            await NewVersionsAsync(documents);
            cold.Add(await TimeAsync(client, path));
        }
        var cached = new List<double>();
        for (var i = 0; i < repetitions * 5; i++) cached.Add(await TimeAsync(client, path));
        return new ReadTimes(what, path, cold, cached, await StoredBytesAsync(documents));
    }

    /// <summary>Bytes of the stored JSON of the read models' documents, all of them, for comparison.</summary>
    public async Task<long> ReadModelBytesAsync()
    {
        await using var command = _db.CreateCommand("""
            select sum(pg_column_size(data))::bigint from (
              select data from trademesh.mt_doc_rankingview union all select data from trademesh.mt_doc_aggregateview
              union all select data from trademesh.mt_doc_cityperiodhistory union all select data from trademesh.mt_doc_periodfigures) d
            """);
        return Convert.ToInt64(await command.ExecuteScalarAsync());
    }

    private async Task NewVersionsAsync(Documents documents)
    {
        foreach (var (table, ids) in documents.ByTable().Where(t => t.Ids.Length > 0))
        {
            await using var command = _db.CreateCommand($"update {table} set mt_version = gen_random_uuid() where id = any($1)");
            command.Parameters.Add(new NpgsqlParameter { Value = ids });
            await command.ExecuteNonQueryAsync();
        }
    }

    /// <summary>Stored (compressed) size of the documents a cold read loads.</summary>
    private async Task<long> StoredBytesAsync(Documents documents)
    {
        long bytes = 0;
        foreach (var (table, ids) in documents.ByTable().Where(t => t.Ids.Length > 0))
        {
            await using var command = _db.CreateCommand($"select coalesce(sum(pg_column_size(data)), 0)::bigint from {table} where id = any($1)");
            command.Parameters.Add(new NpgsqlParameter { Value = ids });
            bytes += Convert.ToInt64(await command.ExecuteScalarAsync());
        }
        return bytes;
    }

    private static async Task<double> TimeAsync(HttpClient client, string path)
    {
        var watch = Stopwatch.StartNew();
        using var response = await client.GetAsync(path);
        var body = await response.Content.ReadAsByteArrayAsync();
        var ms = watch.Elapsed.TotalMilliseconds;
        if (!response.IsSuccessStatusCode || body.Length == 0)
            throw new InvalidOperationException($"{path}: {(int)response.StatusCode} {System.Text.Encoding.UTF8.GetString(body)}");
        return ms;
    }
}
