using System.Net.Http.Headers;

namespace TradeMesh.EndToEnd.Tests.Releases;

/// <summary>Writes need a configured API key at the gateway; reads stay open.</summary>
[Collection(SystemCollection.Name)]
public sealed class ApiKeyTests(SystemFixture fixture)
{
    private readonly TradeMeshSystem _system = fixture.System;

    private async Task<HttpResponseMessage> PostAsync(string body, Action<HttpRequestHeaders> authorize)
    {
        using var client = new HttpClient { BaseAddress = _system.GatewayAddress };
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/releases") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        authorize(request.Headers);
        return await client.SendAsync(request);
    }

    [Fact]
    public async Task A_write_without_a_valid_key_is_401_and_applies_nothing()
    {
        var id = TestReleases.UniqueId("nokey");
        var body = TestReleases.Json(id, "2038", [("650100", 1)]);

        using var none = await PostAsync(body, _ => { });
        using var wrong = await PostAsync(body, h => h.Add("X-Api-Key", _system.ApiKey + "x"));
        using var wrongBearer = await PostAsync(body, h => h.Authorization = new AuthenticationHeaderValue("Bearer", "tm_nope"));

        foreach (var response in new[] { none, wrong, wrongBearer })
        {
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        }
        await _system.Gateway.GetStringAsync($"/api/releases/{id}", HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_bearer_key_may_write_and_anyone_may_read()
    {
        var id = TestReleases.UniqueId("bearer");
        using var accepted = await PostAsync(TestReleases.Json(id, "2039", [("650200", 2)]),
            h => h.Authorization = new AuthenticationHeaderValue("Bearer", _system.ApiKey));
        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        await _system.WaitAppliedAsync(id);

        using var anonymous = new HttpClient { BaseAddress = _system.GatewayAddress };
        using var ranking = await anonymous.GetAsync("/api/rankings/2039");
        Assert.Equal(HttpStatusCode.OK, ranking.StatusCode);
    }
}
