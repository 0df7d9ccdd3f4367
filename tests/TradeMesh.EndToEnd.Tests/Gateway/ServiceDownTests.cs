namespace TradeMesh.EndToEnd.Tests.Gateway;

/// <summary>A service that is down answers a problem from the gateway naming it, not an empty 502.</summary>
public sealed class ServiceDownTests : IAsyncLifetime
{
    private TradeMeshSystem _system = null!;

    public async Task InitializeAsync() => _system = await TradeMeshSystem.StartAsync("down");

    public async Task DisposeAsync() => await _system.DisposeAsync();

    [Fact]
    public async Task A_query_while_the_projection_service_is_down_is_a_502_problem_naming_it()
    {
        await _system.Projections.KillAsync();

        using var response = await _system.Gateway.GetAsync("/api/rankings/2025");
        var body = await response.Content.ReadAsStringAsync();

        Assert.True(response.StatusCode == HttpStatusCode.BadGateway, $"{(int)response.StatusCode} {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(body).RootElement;
        Assert.Equal(502, problem.GetProperty("status").GetInt32());
        Assert.Contains("projections", problem.GetProperty("title").GetString());
        Assert.DoesNotContain("Exception", body);
        Assert.DoesNotContain("127.0.0.1", body);
        Assert.Null(response.Headers.ETag);
    }
}
