namespace TradeMesh.EndToEnd.Tests.Rankings;

/// <summary>
/// asOf on every read endpoint that answers from figures (rankings, movers, city history, series,
/// aggregates), at instants between four releases of periods 2063 and 2064 (a revision of each,
/// pushed in reverse order of publication): each answer equals docs/api.md's rules computed here
/// over the releases published at or before the instant. Periods 2063-2064 are used by no other test.
/// </summary>
[Collection(SystemCollection.Name)]
public sealed class AsOfTests(SystemFixture fixture)
{
    private sealed record Release(string Id, string Period, string Stage, DateTimeOffset PublishedAt, (string Code, decimal Total)[] Cities);

    private static readonly string[] Stages = ["preliminary", "official", "revised"];
    private static readonly string A = TestCodes.City(0), B = TestCodes.City(1), C = TestCodes.City(2);
    private static readonly DateTimeOffset T1 = new(2065, 1, 10, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Every_read_endpoint_answers_as_things_stood_at_the_instant()
    {
        var tag = Guid.NewGuid().ToString("N")[..8];
        Release[] releases =
        [
            new($"asof-{tag}-2063-official", "2063", "official", T1, [(A, 100m), (B, 200m), (C, 300m)]),
            new($"asof-{tag}-2064-preliminary", "2064", "preliminary", T1.AddDays(31), [(A, 150m), (B, 180m), (C, 290m)]),
            new($"asof-{tag}-2064-revised", "2064", "revised", T1.AddDays(59), [(A, 250m), (B, 170m)]),
            new($"asof-{tag}-2063-revised", "2063", "revised", T1.AddDays(90), [(B, 120m)]),
        ];
        await fixture.System.PushAllAsync(releases.Reverse().Select(r => TestReleases.Json(r.Id, r.Period,
            r.Cities, stage: r.Stage, publishedAt: r.PublishedAt.ToString("O"))));

        // Just after each publication, exactly at one (it counts: "at or before"), and today.
        var instants = releases.Select(r => (DateTimeOffset?)r.PublishedAt.AddSeconds(1)).Append(releases[2].PublishedAt).Append(null);
        foreach (var asOf in instants)
        {
            // Without asOf (today), a parameter every endpoint takes at its default keeps the paths alike.
            var query = asOf is { } t ? $"asOf={Uri.EscapeDataString(t.ToString("O"))}" : "unit=CNY_100M";
            var context = $"asOf {asOf:O}";
            var visible = releases.Where(r => asOf is null || r.PublishedAt <= asOf).ToList();
            var now = Effective(visible, "2064");
            var then = Effective(visible, "2063");
            if (now.Count == 0)
            {
                foreach (var path in new[] { "/api/rankings/2064", "/api/movers/2064", "/api/aggregates/2064" })
                    await fixture.System.Gateway.GetStringAsync($"{path}?{query}", HttpStatusCode.NotFound);
                continue;
            }

            var ranking = await Get($"/api/rankings/2064?top=5000&{query}");
            var expectedRanking = now.Select(c => (c.Key, c.Value.Value, Rank(now, c.Value.Value), Yoy(c.Value.Value, then.GetValueOrDefault(c.Key)?.Value),
                    then.TryGetValue(c.Key, out var b) ? Rank(then, b.Value) : (int?)null, c.Value.Stage))
                .OrderBy(e => e.Item3).ThenBy(e => e.Key, StringComparer.Ordinal).ToList();
            Assert.True(expectedRanking.SequenceEqual(ranking.GetProperty("entries").EnumerateArray().Select(e => (e.Str("cityCode"), e.GetProperty("value").GetDecimal(),
                e.GetProperty("rank").GetInt32(), e.Dec("yoyPct"), e.Int("previousRank"), e.Str("stage")))), $"ranking, {context}: {ranking}");

            var movers = await Get($"/api/movers/2064?top=5&{query}");
            var growth = expectedRanking.Where(e => e.Item4 is not null).Select(e => (e.Key, e.Item4!.Value)).ToList();
            Assert.Equal(growth.OrderByDescending(g => g.Value).ThenBy(g => g.Key, StringComparer.Ordinal).Take(5),
                movers.GetProperty("fastestGrowth").EnumerateArray().Select(m => (m.Str("cityCode"), m.GetProperty("yoyPct").GetDecimal())));
            Assert.Equal(growth.Where(g => g.Value < 0).OrderBy(g => g.Value).ThenBy(g => g.Key, StringComparer.Ordinal).Take(5),
                movers.GetProperty("steepestDecline").EnumerateArray().Select(m => (m.Str("cityCode"), m.GetProperty("yoyPct").GetDecimal())));

            // A's history: each period's figure in force and what it superseded, newest stage first.
            var history = await Get($"/api/cities/{A}/history?{query}");
            var periods = history.GetProperty("periods").EnumerateArray().Where(p => p.Str("period") is "2063" or "2064").ToList();
            var expectedHistory = new[] { "2063", "2064" }.Where(p => Effective(visible, p).ContainsKey(A)).Select(p => (p, Effective(visible, p)[A].Value,
                string.Join(",", visible.Where(r => r.Period == p && r.Id != Effective(visible, p)[A].ReleaseId)
                    .SelectMany(r => r.Cities.Where(c => c.Code == A).Select(c => (r, c.Total)))
                    .OrderByDescending(x => Array.IndexOf(Stages, x.r.Stage)).ThenByDescending(x => x.r.PublishedAt).Select(x => x.Total)))).ToList();
            Assert.Equal(expectedHistory, periods.Select(p => (p.Str("period"), p.GetProperty("effective").GetProperty("value").GetDecimal(),
                string.Join(",", p.GetProperty("superseded").EnumerateArray().Select(s => s.GetProperty("value").GetDecimal())))));

            // A and B's series over both years: each point as that period's ranking at the instant.
            var series = await Get($"/api/series?cities={A},{B}&shape=year&from=2063&to=2064&{query}");
            foreach (var s in series.GetProperty("series").EnumerateArray())
            {
                var expectedPoints = new[] { ("2063", then), ("2064", now) }.Select(p => (p.Item1,
                    p.Item2.TryGetValue(s.Str("cityCode"), out var f) ? f.Value : (decimal?)null,
                    f is null ? (int?)null : Rank(p.Item2, f.Value)));
                Assert.Equal(expectedPoints, s.GetProperty("points").EnumerateArray().Select(p => (p.Str("period"), p.Dec("value"), p.Int("rank"))));
            }

            // Provinces: each holds one of the cities, so its sum is that city's figure; yoy like for like.
            var aggregates = await Get($"/api/aggregates/2064?by=province&{query}");
            Assert.Equal(expectedRanking.Select(e => (e.Key[..2], e.Value, e.Item3, e.Item4)),
                aggregates.GetProperty("entries").EnumerateArray().Select(e => (e.Str("key"), e.GetProperty("value").GetDecimal(), e.GetProperty("rank").GetInt32(), e.Dec("yoyPct"))));
        }
    }

    private sealed record Figure(decimal Value, string Stage, string ReleaseId);

    /// <summary>Each city's figure in force: highest stage, then the latest publishedAt.</summary>
    private static Dictionary<string, Figure> Effective(IEnumerable<Release> visible, string period) =>
        visible.Where(r => r.Period == period)
            .OrderBy(r => Array.IndexOf(Stages, r.Stage)).ThenBy(r => r.PublishedAt)
            .SelectMany(r => r.Cities.Select(c => (c.Code, Figure: new Figure(c.Total, r.Stage, r.Id))))
            .GroupBy(x => x.Code).ToDictionary(g => g.Key, g => g.Last().Figure);

    private static int Rank(Dictionary<string, Figure> figures, decimal value) => 1 + figures.Values.Count(f => f.Value > value);

    private static decimal? Yoy(decimal now, decimal? then) =>
        then is > 0 ? Math.Round((now / then.Value - 1) * 100, 2, MidpointRounding.AwayFromZero) : null;

    private Task<JsonElement> Get(string path) => fixture.System.Gateway.GetJsonAsync(path);
}

internal static class JsonFields
{
    public static string Str(this JsonElement e, string name) => e.GetProperty(name).GetString()!;
    public static decimal? Dec(this JsonElement e, string name) => e.GetProperty(name).ValueKind == JsonValueKind.Null ? null : e.GetProperty(name).GetDecimal();
    public static int? Int(this JsonElement e, string name) => e.GetProperty(name).ValueKind == JsonValueKind.Null ? null : e.GetProperty(name).GetInt32();
}
