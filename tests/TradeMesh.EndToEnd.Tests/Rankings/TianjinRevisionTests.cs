namespace TradeMesh.EndToEnd.Tests.Rankings;

/// <summary>
/// The Tianjin revision (CNY_TN, no national total) arriving before or after the preliminary
/// release it revises: the same read models either way, equal to the spec, with history, as-of
/// answers and a rebuild that changes nothing. Each order runs on a system of its own.
/// </summary>
public sealed class TianjinRevisionTests
{
    private const string Revision = "2025-annual-revised-tianjin.json";
    private static string Sample(string file) => File.ReadAllText(TestEnvironment.SampleData(file));

    private static readonly SpecOracle Oracle = new([.. new[] { "2024-annual-official.json", "2025-annual-preliminary.json", Revision }
        .Select(f => SpecRelease.Parse(Sample(f)))]);

    [Theory]
    [InlineData("revision last", new[] { "2024-annual-official.json", "2025-annual-preliminary.json", Revision })]
    [InlineData("revision first", new[] { Revision, "2025-annual-preliminary.json", "2024-annual-official.json" })]
    public async Task The_revision_supersedes_the_preliminary_figure_whatever_the_arrival_order(string order, string[] files)
    {
        await using var system = await TradeMeshSystem.StartAsync(order.Replace(' ', '_'));
        foreach (var file in files) await system.PushAllAsync([Sample(file)]);
        var gateway = system.Gateway;

        ApiAssert.RankingEquals(Oracle.Ranking("2025"), await gateway.GetJsonAsync("/api/rankings/2025"));
        ApiAssert.MoversEqual(Oracle.Movers("2025"), await gateway.GetJsonAsync("/api/movers/2025"));
        var tianjin = Oracle.Ranking("2025").Entries.Single(e => e.CityCode == "120000");
        Assert.Equal((8560m, 0.71m, "revised"), (tianjin.Value, tianjin.YoyPct!.Value, tianjin.Stage));

        var history = await gateway.GetJsonAsync("/api/cities/120000/history");
        var year = history.GetProperty("periods").EnumerateArray().Single(p => p.GetProperty("period").GetString() == "2025");
        Assert.Equal(8560m, year.GetProperty("effective").GetProperty("value").GetDecimal());
        var superseded = year.GetProperty("superseded").EnumerateArray().ToList();
        Assert.Equal([(8400m, "preliminary")], superseded.Select(s => (s.GetProperty("value").GetDecimal(), s.GetProperty("stage").GetString()!)));

        // As it stood before the revision was published (whenever it arrived), and before anything of 2025.
        var beforeRevision = DateTimeOffset.Parse("2026-02-01T00:00:00Z");
        ApiAssert.RankingEquals(Oracle.Ranking("2025", asOf: beforeRevision),
            await gateway.GetJsonAsync($"/api/rankings/2025?asOf={Uri.EscapeDataString(beforeRevision.ToString("O"))}"));
        await gateway.GetStringAsync("/api/rankings/2025?asOf=2025-06-01T00:00:00Z", HttpStatusCode.NotFound);

        await RebuildChangesNothingAsync(system);
    }

    /// <summary>Every read model after a rebuild from the event store equals the one built live, and queries answer throughout.</summary>
    private static async Task RebuildChangesNothingAsync(TradeMeshSystem system)
    {
        var before = await SnapshotAsync(system.Gateway);

        using var admin = system.DirectClient(system.Projections, admin: true, timeout: TimeSpan.FromMinutes(5));
        var rebuild = admin.PostAsync("/admin/rebuild", null);
        var answered = 0;
        while (!rebuild.IsCompleted)
        {
            using var response = await system.Gateway.GetAsync("/api/rankings/2025");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            answered++;
        }
        using (var done = await rebuild)
        {
            var body = await done.Content.ReadAsStringAsync();
            Assert.True(done.IsSuccessStatusCode, body);
            Assert.Equal(45, JsonDocument.Parse(body).RootElement.GetProperty("events").GetInt64());
        }
        Assert.True(answered > 0);

        var after = await SnapshotAsync(system.Gateway);
        Assert.Equal(before.Count, after.Count);
        for (var i = 0; i < before.Count; i++) Assert.Equal(before[i], after[i]);
    }

    /// <summary>Every answer of the read API for this data, status and body.</summary>
    private static async Task<List<string>> SnapshotAsync(HttpClient gateway)
    {
        var paths = new List<string> { "/api/periods" };
        foreach (var period in new[] { "2024", "2025" })
            foreach (var measure in new[] { "total", "exports", "imports" })
                paths.AddRange([$"/api/rankings/{period}?measure={measure}&top=5000", $"/api/movers/{period}?measure={measure}&top=5000"]);
        paths.AddRange(File.ReadLines(TestEnvironment.SampleData("cities.csv")).Skip(1).Select(line => $"/api/cities/{line.Split(',')[0]}/history"));

        var snapshot = new List<string>();
        foreach (var path in paths)
        {
            using var response = await gateway.GetAsync(path);
            // A problem body carries the request's trace id: for those the status is what must match.
            var body = response.IsSuccessStatusCode ? await response.Content.ReadAsStringAsync() : "";
            snapshot.Add($"{path} {(int)response.StatusCode} {body}");
        }
        Assert.Contains(snapshot, s => s.StartsWith("/api/rankings/2025?measure=exports&top=5000 200"));
        return snapshot;
    }
}
