using Npgsql;

namespace TradeMesh.EndToEnd.Tests.Faults;

/// <summary>
/// kill -9 of the projection service while a stream of releases is being stored: after it comes
/// back, every accepted release is applied exactly once (unacknowledged messages are redelivered,
/// already stored events are recognised, the daemon resumes from its last committed position).
/// </summary>
public sealed class ProjectionCrashTests
{
    private const int Releases = 12, Cities = 1_000;

    [Fact]
    public async Task Every_accepted_release_is_applied_exactly_once_after_the_projection_service_is_killed_mid_stream()
    {
        await using var system = await TradeMeshSystem.StartAsync("crash");
        var tag = Guid.NewGuid().ToString("N")[..8];
        var ids = Enumerable.Range(0, Releases).Select(i => $"crash-{tag}-{i}").ToList();
        var cities = Enumerable.Range(0, Cities).Select(c => (TestCodes.City(c), 10m + c)).ToList();

        var pushing = Parallel.ForEachAsync(ids.Select((id, i) => (id, i)), new ParallelOptions { MaxDegreeOfParallelism = 3 }, async (r, _) =>
        {
            using var response = await system.PostReleaseAsync(TestReleases.Json(r.id, $"{2140 + r.i}", cities));
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        });
        await Task.Delay(1_500);
        await system.CrashAndRestartProjectionsAsync();
        await pushing;

        foreach (var id in ids) await system.WaitAppliedAsync(id, TimeSpan.FromMinutes(3));

        foreach (var (id, i) in ids.Select((id, i) => (id, i)))
        {
            var status = await system.Gateway.GetJsonAsync($"/api/releases/{id}");
            Assert.Equal((Cities, Cities), (status.GetProperty("cities").GetInt32(), status.GetProperty("applied").GetInt32()));
            var ranking = await system.Gateway.GetJsonAsync($"/api/rankings/{2140 + i}?top=5000");
            Assert.Equal(Cities, ranking.GetProperty("entries").GetArrayLength());
        }
        var periods = (await system.Gateway.GetJsonAsync("/api/periods")).EnumerateArray().ToList();
        Assert.Equal(Releases, periods.Count);
        Assert.All(periods, p => Assert.Equal((Cities, 1), (p.GetProperty("cities").GetInt32(), p.GetProperty("releases").GetInt32())));

        // The event store itself holds each city figure once.
        await using var connection = new NpgsqlConnection(system.PostgresConnection);
        await connection.OpenAsync();
        await using var count = new NpgsqlCommand("select count(*), count(distinct id) from trademesh.mt_events", connection);
        await using var reader = await count.ExecuteReaderAsync();
        await reader.ReadAsync();
        Assert.Equal((Releases * Cities, Releases * Cities), (reader.GetInt64(0), reader.GetInt64(1)));
    }
}
