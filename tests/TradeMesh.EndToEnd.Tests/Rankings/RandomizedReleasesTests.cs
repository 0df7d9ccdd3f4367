using System.Globalization;

namespace TradeMesh.EndToEnd.Tests.Rankings;

/// <summary>
/// Several hundred cities over two years, in preliminary, official and revised releases, in mixed
/// units, some sent twice, all in shuffled order through the real pipeline: every ranking and
/// movers answer equals the spec computed plainly in <see cref="SpecOracle"/>.
/// </summary>
[Collection(SystemCollection.Name)]
public sealed class RandomizedReleasesTests(SystemFixture fixture)
{
    private const int Cities = 400;
    private static readonly string[] Units = ["CNY", "CNY_10K", "CNY_100M", "CNY_BN", "CNY_TN"];

    [Fact]
    public async Task Every_answer_equals_the_spec_for_random_releases_in_random_order()
    {
        var seed = Environment.TickCount;
        var random = new Random(seed);
        var tag = Guid.NewGuid().ToString("N")[..8];
        var releases = new List<string>();
        foreach (var year in new[] { 2061, 2062 })
            releases.AddRange(ReleasesOf(year, tag, random));

        // Duplicates (identical re-sends) and a shuffled arrival order.
        var sent = releases.Concat(releases.Where(_ => random.Next(4) == 0)).OrderBy(_ => random.Next()).ToList();
        await fixture.System.PushAllAsync(sent);

        var oracle = new SpecOracle([.. releases.Select(SpecRelease.Parse)]);
        foreach (var period in new[] { "2061", "2062" })
            foreach (var measure in new[] { "total", "exports", "imports" })
            {
                var context = $"seed {seed}, {period} {measure}";
                var ranking = await fixture.System.Gateway.GetJsonAsync($"/api/rankings/{period}?measure={measure}&top=5000");
                Assert.True(ranking.GetProperty("entries").GetArrayLength() > 0, context);
                ApiAssert.RankingEquals(oracle.Ranking(period, measure), ranking);
                ApiAssert.MoversEqual(oracle.Movers(period, measure, top: 10),
                    await fixture.System.Gateway.GetJsonAsync($"/api/movers/{period}?measure={measure}&top=10"));
            }
    }

    /// <summary>A year's releases: a preliminary of every city, an official of most, a revision of a few.</summary>
    private static IEnumerable<string> ReleasesOf(int year, string tag, Random random)
    {
        var stages = new[] { ("preliminary", 1.0), ("official", 0.7), ("revised", 0.1) };
        var day = 0;
        foreach (var (stage, share) in stages)
        {
            // Two releases per stage, so equal stages are decided by publishedAt.
            for (var part = 0; part < 2; part++)
            {
                var cities = Enumerable.Range(0, Cities).Where(_ => random.NextDouble() < share / 1.5).Select(i => City(i, random)).ToList();
                if (cities.Count == 0) continue;
                var unit = Units[random.Next(Units.Length)];
                var national = random.Next(3) == 0 ? (decimal?)null : random.Next(500_000, 600_000);
                day += random.Next(1, 20);
                yield return JsonSerializer.Serialize(new
                {
                    releaseId = $"rnd-{tag}-{year}-{stage}-{part}",
                    period = year.ToString(CultureInfo.InvariantCulture),
                    stage,
                    unit,
                    publishedAt = new DateTimeOffset(year + 1, 1, 1, 0, 0, 0, TimeSpan.Zero).AddDays(day).ToString("O"),
                    nationalTotal = national is { } n ? In(unit, n) : (decimal?)null,
                    cities = cities.Select(c => new
                    {
                        cityCode = c.Code, name = "City " + c.Code, province = "Province " + c.Code[..2],
                        total = In(unit, c.Total), exports = c.Exports is { } e ? In(unit, e) : (decimal?)null,
                        imports = c.Imports is { } m ? In(unit, m) : (decimal?)null, yoyPct = c.Yoy,
                    }),
                });
            }
        }
    }

    private sealed record GeneratedCity(string Code, decimal Total, decimal? Exports, decimal? Imports, decimal? Yoy);

    private static GeneratedCity City(int index, Random random)
    {
        // Values in 亿元 with two decimals; a narrow range makes ties and threshold crossings common.
        var total = random.Next(3) == 0 ? random.Next(95, 105) * 100m : random.Next(100, 5_000_000) / 100m;
        decimal? exports = null, imports = null;
        if (random.Next(2) == 0)
        {
            exports = Math.Round(total * (decimal)random.NextDouble(), 2);
            imports = total - exports;
        }
        decimal? yoy = random.Next(5) == 0 ? Math.Round((decimal)(random.NextDouble() * 80 - 30), 1) : null;
        return new GeneratedCity(TestCodes.City(index), total, exports, imports, yoy);
    }

    /// <summary>Expresses a value in 亿元 in another unit, exactly.</summary>
    private static decimal In(string unit, decimal value100M) => value100M / SpecRelease.UnitIn100M[unit];
}
