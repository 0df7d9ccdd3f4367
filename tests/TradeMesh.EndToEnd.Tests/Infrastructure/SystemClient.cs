namespace TradeMesh.EndToEnd.Tests.Infrastructure;

/// <summary>Releases pushed to the running system.</summary>
public static class SystemClient
{
    /// <summary>Posts each release and waits until every one is applied.</summary>
    public static async Task PushAllAsync(this TradeMeshSystem system, IEnumerable<string> releaseJsons)
    {
        var ids = new HashSet<string>();
        foreach (var json in releaseJsons)
        {
            using var response = await system.PostReleaseAsync(json);
            var body = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.Accepted, $"{(int)response.StatusCode} {body}");
            ids.Add(JsonDocument.Parse(body).RootElement.GetProperty("releaseId").GetString()!);
        }
        foreach (var id in ids) await system.WaitAppliedAsync(id);
    }
}
