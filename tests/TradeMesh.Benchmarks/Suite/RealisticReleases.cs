namespace TradeMesh.Benchmarks.Suite;

/// <summary>
/// Releases shaped like real ones, beside the best case (totals only, each to a fresh monthly
/// period): every city carries exports, imports, total and reported growth; each release has a
/// national total; the 5,000 codes span the 31 provinces and both levels (3,069 cities, then
/// counties); periods mix years, months and year-to-date; and every fourth release revises a year
/// already published (stage revised, a later publishedAt, a third of its cities changed).
/// Growth is reported as the figures give it, so no release raises a yoy-mismatch.
/// </summary>
public static class RealisticReleases
{
    /// <summary>Groups of four: year Y official, Y-06 official, Y-06-YTD official, year Y revised.</summary>
    public static List<(string Id, string Json)> Burst(string tag, int releases, int cities, int baseYear)
    {
        var work = new List<(string Id, string Json)>();
        for (var i = 0; i < releases; i++)
        {
            var year = baseYear + i / 4;
            var (period, scale, revised) = (i % 4) switch
            {
                0 => ($"{year}", 1m, false),
                1 => ($"{year}-06", 1m / 12, false),
                2 => ($"{year}-06-YTD", 0.5m, false),
                _ => ($"{year}", 1m, true),
            };
            var id = $"bench-real-{tag}-{i}";
            var published = new DateTimeOffset(year + 1, 1, 20, 8, 0, 0, TimeSpan.FromHours(8)).AddDays(i % 4);
            work.Add((id, Release(id, period, year, baseYear, scale, revised, cities, published)));
        }
        return work;
    }

    private static string Release(string id, string period, int year, int baseYear, decimal scale, bool revised, int cities, DateTimeOffset published)
    {
        var entries = Enumerable.Range(0, cities).Select(i =>
        {
            var (exports, imports) = (Figure(i, year, 0.6m, scale, revised), Figure(i, year, 0.4m, scale, revised));
            // Growth against the same period a year earlier as it stands (a year's figures were revised), none for the first year.
            var before = scale == 1m;
            decimal? yoy = year == baseYear ? null
                : Math.Round(((exports + imports) / (Figure(i, year - 1, 0.6m, scale, before) + Figure(i, year - 1, 0.4m, scale, before)) - 1) * 100, 1);
            return new { cityCode = Target.CityCode(i), name = $"City {i}", exports, imports, total = exports + imports, yoyPct = yoy };
        }).ToList();
        return JsonSerializer.Serialize(new
        {
            releaseId = id, source = "bench realistic", period, stage = revised ? "revised" : "official", unit = "CNY_100M",
            publishedAt = published.ToString("O"), nationalTotal = Math.Round(entries.Sum(e => e.total) * 1.25m, 2),
            cities = entries,
        });
    }

    /// <summary>A city's exports or imports: its own size, growing 2-9 % a year; a revision moves a third of the cities by 1 %.</summary>
    private static decimal Figure(int city, int year, decimal part, decimal scale, bool revised)
    {
        var size = 20m + city * 7919 % 50_000 / 10m;
        var growth = 1.02m + city % 8 / 100m;
        var value = size * part * scale * Pow(growth, year % 100);
        if (revised && city % 3 == 0) value *= 1.01m;
        return Math.Round(value, 2);
    }

    private static decimal Pow(decimal x, int n)
    {
        var r = 1m;
        for (var i = 0; i < n; i++) r *= x;
        return r;
    }
}
