using System.Globalization;

namespace TradeMesh.EndToEnd.Tests.Rankings;

/// <summary>
/// Random releases of one period (every stage, overlapping cities, exports and imports on some),
/// sent in random order: the changes of every release equal <see cref="SpecChanges"/>, docs/api.md's
/// "Revisions" written plainly in the test, and the ranking asOf instants between and at the
/// publications equals <see cref="SpecOracle"/> over the releases published by then.
/// </summary>
[Collection(SystemCollection.Name)]
public sealed class RandomizedChangesTests(SystemFixture fixture)
{
    private const int Cities = 150;
    private static readonly string[] Stages = ["preliminary", "official", "revised"];

    [Fact]
    public async Task The_changes_of_every_release_and_the_ranking_as_of_several_instants_equal_the_spec()
    {
        var seed = Environment.TickCount;
        var random = new Random(seed);
        var tag = Guid.NewGuid().ToString("N")[..8];
        var releases = Enumerable.Range(0, 8).Select(i => Release(tag, i, random)).ToList();
        await fixture.System.PushAllAsync(releases.OrderBy(_ => random.Next()));

        var specs = releases.Select(SpecRelease.Parse).ToList();
        foreach (var release in specs)
        {
            var (changes, rankChanges) = SpecChanges.Of(specs, release.ReleaseId);
            var actual = await fixture.System.Gateway.GetJsonAsync($"/api/releases/{release.ReleaseId}/changes");
            var context = $"seed {seed}, {release.ReleaseId}";
            Assert.True(changes.Select(Text).SequenceEqual(actual.GetProperty("changes").EnumerateArray().Select(c => Text(new SpecChange(
                c.GetProperty("cityCode").GetString()!, c.GetProperty("measure").GetString()!, Number(c, "before"),
                c.GetProperty("after").GetDecimal(), c.GetProperty("delta").GetDecimal(), Number(c, "deltaPct"))))), context);
            Assert.True(rankChanges.SequenceEqual(actual.GetProperty("rankChanges").EnumerateArray().Select(r => new SpecRankChange(
                r.GetProperty("cityCode").GetString()!, Int(r, "before"), Int(r, "after")))), context);
        }

        // Random instants around the publications, and each publication's own instant (it counts).
        var published = specs.Select(r => r.PublishedAt).Order().ToList();
        var span = (published[^1] - published[0]).TotalSeconds + 7_200;
        var instants = Enumerable.Range(0, 5).Select(_ => published[0].AddSeconds(random.NextDouble() * span - 3_600))
            .Concat(specs.Select(r => r.PublishedAt).OrderBy(_ => random.Next()).Take(3)).ToList();
        var oracle = new SpecOracle(specs);
        foreach (var asOf in instants)
        {
            var path = $"/api/rankings/2091?top=5000&asOf={Uri.EscapeDataString(asOf.ToString("O"))}";
            var context = $"seed {seed}, asOf {asOf:O}";
            if (specs.All(r => r.PublishedAt > asOf))
            {
                await fixture.System.Gateway.GetStringAsync(path, System.Net.HttpStatusCode.NotFound);
                continue;
            }
            var expected = oracle.Ranking("2091", asOf: asOf).Entries
                .Select(e => string.Create(CultureInfo.InvariantCulture, $"{e.Rank} {e.CityCode} {e.Value:0.########} {e.SharePct:0.00} {e.Stage} {e.ReleaseId}"));
            var actual = (await fixture.System.Gateway.GetJsonAsync(path)).GetProperty("entries").EnumerateArray().Select(e => string.Create(CultureInfo.InvariantCulture,
                $"{e.GetProperty("rank").GetInt32()} {e.GetProperty("cityCode").GetString()} {e.GetProperty("value").GetDecimal():0.########} {e.GetProperty("sharePct").GetDecimal():0.00} {e.GetProperty("stage").GetString()} {e.GetProperty("releaseId").GetString()}"));
            Assert.True(expected.SequenceEqual(actual), context);
        }
    }

    // Decimals compare by value (8400 and 8400.00 are the same figure).
    private static string Text(SpecChange c) => string.Create(CultureInfo.InvariantCulture,
        $"{c.CityCode} {c.Measure} {c.Before?.ToString("0.########", CultureInfo.InvariantCulture)} {c.After:0.########} {c.Delta:0.########} {c.DeltaPct:0.##}");

    private static decimal? Number(JsonElement e, string name) => e.GetProperty(name).ValueKind == JsonValueKind.Null ? null : e.GetProperty(name).GetDecimal();
    private static int? Int(JsonElement e, string name) => e.GetProperty(name).ValueKind == JsonValueKind.Null ? null : e.GetProperty(name).GetInt32();

    /// <summary>A release of period 2091 with a random stage, a distinct publish time and a random subset of the cities.</summary>
    private static string Release(string tag, int index, Random random)
    {
        var cities = Enumerable.Range(0, Cities).Where(_ => random.Next(3) > 0).DefaultIfEmpty(0).Select(i =>
        {
            // A narrow range in half the cases: ties and unchanged figures are common.
            var total = random.Next(2) == 0 ? random.Next(95, 105) * 10m : random.Next(100, 500_000) / 100m;
            decimal? exports = random.Next(3) == 0 ? Math.Round(total * (decimal)random.NextDouble(), 2) : null;
            return new { cityCode = TestCodes.City(i), name = $"City {i}", total, exports, imports = total - exports };
        }).ToList();
        return JsonSerializer.Serialize(new
        {
            releaseId = $"chg-{tag}-{index}",
            period = "2091",
            stage = Stages[random.Next(Stages.Length)],
            unit = "CNY_100M",
            publishedAt = new DateTimeOffset(2092, 1, 1, 0, 0, 0, TimeSpan.Zero).AddHours(index * 7 + random.Next(5)).ToString("O"),
            cities,
        });
    }
}
