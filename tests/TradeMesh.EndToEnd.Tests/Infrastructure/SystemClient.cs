namespace TradeMesh.EndToEnd.Tests.Infrastructure;

/// <summary>Reads JSON answers from the running system, failing with the body when the status is not a success.</summary>
public static class SystemClient
{
    public static async Task<JsonElement> GetJsonAsync(this HttpClient client, string path)
    {
        using var response = await client.GetAsync(path);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{path}: {(int)response.StatusCode} {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    public static async Task<string> GetStringAsync(this HttpClient client, string path, HttpStatusCode expected)
    {
        using var response = await client.GetAsync(path);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"{path}: {(int)response.StatusCode} {body}");
        return body;
    }

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
