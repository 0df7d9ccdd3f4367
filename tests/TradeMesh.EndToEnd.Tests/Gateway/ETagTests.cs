using System.Net.Http.Headers;

namespace TradeMesh.EndToEnd.Tests.Gateway;

/// <summary>Rankings and movers carry a strong ETag from the gateway; a newly applied release changes it.</summary>
[Collection(SystemCollection.Name)]
public sealed class ETagTests(SystemFixture fixture)
{
    private readonly TradeMeshSystem _system = fixture.System;

    private async Task<HttpResponseMessage> GetAsync(string path, EntityTagHeaderValue? ifNoneMatch = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (ifNoneMatch is not null) request.Headers.IfNoneMatch.Add(ifNoneMatch);
        return await _system.Gateway.SendAsync(request);
    }

    private static async Task<EntityTagHeaderValue> AssertTaggedOkAsync(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode} {body}");
        Assert.NotEmpty(body);
        var etag = response.Headers.ETag;
        Assert.NotNull(etag);
        Assert.False(etag.IsWeak);
        Assert.True(response.Headers.CacheControl?.NoCache, "Cache-Control: no-cache");
        return etag;
    }

    [Fact]
    public async Task A_ranking_is_304_while_unchanged_and_a_new_release_changes_its_etag()
    {
        const string period = "2121";
        await _system.PushAllAsync([TestReleases.Json(TestReleases.UniqueId("etag1"), period, [("650100", 100), ("650200", 90)])]);
        var path = $"/api/rankings/{period}";

        using var first = await GetAsync(path);
        var etag = await AssertTaggedOkAsync(first);

        using var again = await GetAsync(path, etag);
        Assert.Equal(HttpStatusCode.NotModified, again.StatusCode);
        Assert.Empty(await again.Content.ReadAsByteArrayAsync());
        Assert.Equal(etag, again.Headers.ETag);

        var second = TestReleases.UniqueId("etag2");
        await _system.PushAllAsync([TestReleases.Json(second, period, [("650300", 120)])]);
        await _system.WaitAppliedAsync(second);

        using var changed = await GetAsync(path, etag);
        var newTag = await AssertTaggedOkAsync(changed);
        Assert.NotEqual(etag, newTag);
        Assert.Contains("650300", await changed.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Movers_are_tagged_too_and_errors_are_not()
    {
        const string period = "2122";
        await _system.PushAllAsync([TestReleases.Json(TestReleases.UniqueId("etagm"), period, [("650100", 100), ("650200", 90)])]);

        using var movers = await GetAsync($"/api/movers/{period}");
        var etag = await AssertTaggedOkAsync(movers);
        using var again = await GetAsync($"/api/movers/{period}", etag);
        Assert.Equal(HttpStatusCode.NotModified, again.StatusCode);

        using var missing = await GetAsync("/api/rankings/2129");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Null(missing.Headers.ETag);
    }

    [Fact]
    public async Task A_late_earlier_release_that_ends_a_first_time_milestone_changes_the_movers_etag()
    {
        // 2134 crosses 1,000 亿元 from 2133: a first time, until a late release shows 2131 above it already.
        await _system.PushAllAsync([
            TestReleases.Json(TestReleases.UniqueId("etagf1"), "2133", [("650100", 900), ("650200", 800)]),
            TestReleases.Json(TestReleases.UniqueId("etagf2"), "2134", [("650100", 1_100), ("650200", 850)])]);
        const string path = "/api/movers/2134";
        static async Task<bool> FirstTimeAsync(HttpResponseMessage response)
        {
            using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            var milestone = body.RootElement.GetProperty("milestones").EnumerateArray().Single(m => m.GetProperty("cityCode").GetString() == "650100");
            Assert.Equal((1_000m, "up"), (milestone.GetProperty("threshold").GetDecimal(), milestone.GetProperty("direction").GetString()));
            return milestone.GetProperty("firstTime").GetBoolean();
        }

        using var first = await GetAsync(path);
        var etag = await AssertTaggedOkAsync(first);
        Assert.True(await FirstTimeAsync(first));

        // 2131 is no period 2134's ranking compares with, so the ranking's stored version stays as it was.
        await _system.PushAllAsync([TestReleases.Json(TestReleases.UniqueId("etagf3"), "2131", [("650100", 1_200)])]);
        using var after = await GetAsync(path, etag);
        var newTag = await AssertTaggedOkAsync(after);
        Assert.NotEqual(etag, newTag);
        Assert.False(await FirstTimeAsync(after));
    }
}
