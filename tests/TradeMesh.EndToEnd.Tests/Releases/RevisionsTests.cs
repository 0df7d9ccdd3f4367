namespace TradeMesh.EndToEnd.Tests.Releases;

/// <summary>
/// What a release changed (/changes), the warnings an accepted release carries and the list of latest
/// releases, through the gateway on the real services (rejections at the status URL are tested in
/// process: TradeMesh.Contract.Tests, Releases). Expected
/// values come from the sample files and docs/api.md (<see cref="SpecChanges"/>), never from an answer.
/// </summary>
public sealed class RevisionsTests
{
    private const string Official2024 = "2024-annual-official.json";
    private const string Preliminary = "2025-annual-preliminary.json";
    private const string Revision = "2025-annual-revised-tianjin.json";
    private const string UnitSlip = "warning-examples/2025-xian-unit-slip.json";
    private static string Sample(string file) => File.ReadAllText(TestEnvironment.SampleData(file));
    private static readonly SpecRelease[] Samples = [.. new[] { Official2024, Preliminary, Revision, UnitSlip }.Select(f => SpecRelease.Parse(Sample(f)))];

    [Theory]
    [InlineData("revision last", new[] { Official2024, Preliminary, Revision })]
    [InlineData("revision first", new[] { Revision, Preliminary, Official2024 })]
    public async Task The_revisions_changes_describe_its_publication_whatever_the_arrival_order(string order, string[] files)
    {
        await using var system = await TradeMeshSystem.StartAsync("changes_" + order.Replace(' ', '_'));
        foreach (var file in files) await system.PushAllAsync([Sample(file)]);

        var releases = Samples.Where(r => r.ReleaseId != "example-2025-xian-unit-slip").ToList();
        var revisionId = SpecRelease.Parse(Sample(Revision)).ReleaseId;
        var changes = await system.Gateway.GetJsonAsync($"/api/releases/{revisionId}/changes");
        AssertChangesEqual(SpecChanges.Of(releases, revisionId), changes);
        // The sample's own story: Tianjin up by 160 (1.90 %), swapping places with Hangzhou.
        var tianjin = changes.GetProperty("changes")[0];
        Assert.Equal(("120000", "total"), (tianjin.GetProperty("cityCode").GetString(), tianjin.GetProperty("measure").GetString()));
        Assert.Equal(2, changes.GetProperty("rankChanges").GetArrayLength());

        // The preliminary release, published before the revision, changed what it found then, whatever arrived first.
        var preliminaryId = SpecRelease.Parse(Sample(Preliminary)).ReleaseId;
        AssertChangesEqual(SpecChanges.Of(releases, preliminaryId), await system.Gateway.GetJsonAsync($"/api/releases/{preliminaryId}/changes"));
    }

    [Fact]
    public async Task A_unit_slip_is_applied_with_its_warnings_and_its_changes()
    {
        await using var system = await TradeMeshSystem.StartAsync("unit_slip");
        await system.PushAllAsync([Sample(Official2024), Sample(Preliminary), Sample(Revision)]);
        await system.PushAllAsync([Sample(UnitSlip)]);
        var slip = Samples.Single(r => r.ReleaseId == "example-2025-xian-unit-slip");

        var status = await system.Gateway.GetJsonAsync($"/api/releases/{slip.ReleaseId}");
        Assert.Equal("applied", status.GetProperty("status").GetString());
        var warnings = status.GetProperty("warnings").EnumerateArray()
            .Select(w => (w.GetProperty("code").GetString(), w.GetProperty("cityCode").GetString())).ToList();
        Assert.Equal([("province-mismatch", "610100"), ("scale-jump", "610100"), ("yoy-mismatch", "610100")], warnings);
        Assert.Equal(3, status.GetProperty("warningCount").GetInt32());
        // The three sample releases raise none.
        foreach (var sample in Samples.Where(r => r != slip))
            Assert.Equal(0, (await system.Gateway.GetJsonAsync($"/api/releases/{sample.ReleaseId}")).GetProperty("warningCount").GetInt32());

        var changes = await system.Gateway.GetJsonAsync($"/api/releases/{slip.ReleaseId}/changes");
        var expected = SpecChanges.Of(Samples, slip.ReleaseId);
        AssertChangesEqual(expected, changes);
        // As the data README tells it: Xi'an tenfold (+900 %), from 15th to 1st.
        var xian = Assert.Single(expected.Changes);
        Assert.Equal(((decimal?)xian.After, (decimal?)900.00m), (xian.Before * 10, xian.DeltaPct));
        Assert.Equal((15, 1), (expected.RankChanges[0].Before, expected.RankChanges[0].After));

        var list = (await system.Gateway.GetJsonAsync("/api/releases?period=2025")).EnumerateArray().ToList();
        var expectedOrder = Samples.Where(r => r.Period == "2025").OrderByDescending(r => r.PublishedAt).Select(r => r.ReleaseId);
        Assert.Equal(expectedOrder, list.Select(r => r.GetProperty("releaseId").GetString()));
        Assert.All(list, r => Assert.Equal("applied", r.GetProperty("status").GetString()));
        Assert.Equal(Samples.Length, (await system.Gateway.GetJsonAsync("/api/releases")).GetArrayLength());
        Assert.Single((await system.Gateway.GetJsonAsync("/api/releases?top=1")).EnumerateArray());
        foreach (var bad in new[] { "/api/releases?top=abc", "/api/releases?top=0", "/api/releases?period=2025-13" })
            await system.Gateway.GetStringAsync(bad, HttpStatusCode.BadRequest);
        await system.Gateway.GetStringAsync("/api/releases/no-such-release/changes", HttpStatusCode.NotFound);
    }

    private static void AssertChangesEqual((List<SpecChange> Changes, List<SpecRankChange> RankChanges) expected, JsonElement actual)
    {
        static decimal? Number(JsonElement e, string name) => e.GetProperty(name).ValueKind == JsonValueKind.Null ? null : e.GetProperty(name).GetDecimal();
        static int? Int(JsonElement e, string name) => e.GetProperty(name).ValueKind == JsonValueKind.Null ? null : e.GetProperty(name).GetInt32();
        Assert.Equal(expected.Changes, actual.GetProperty("changes").EnumerateArray().Select(c => new SpecChange(
            c.GetProperty("cityCode").GetString()!, c.GetProperty("measure").GetString()!, Number(c, "before"),
            c.GetProperty("after").GetDecimal(), c.GetProperty("delta").GetDecimal(), Number(c, "deltaPct"))));
        Assert.Equal(expected.RankChanges, actual.GetProperty("rankChanges").EnumerateArray().Select(r => new SpecRankChange(
            r.GetProperty("cityCode").GetString()!, Int(r, "before"), Int(r, "after"))));
    }
}
