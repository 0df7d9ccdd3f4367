namespace TradeMesh.EndToEnd.Tests.Infrastructure;

/// <summary>
/// Reads answers, failing with the body when the status is not the one expected, and pushes
/// releases until applied. Shared with
/// TradeMesh.Contract.Tests (linked), which asks the services in process.
/// </summary>
public static class HttpAnswers
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

    /// <summary>Posts each release to the client's /api/releases and waits until every one is applied.</summary>
    public static async Task PushAllAsync(this HttpClient client, IEnumerable<string> releaseJsons, Func<string>? onTimeout = null)
    {
        var ids = new HashSet<string>();
        foreach (var json in releaseJsons)
        {
            using var response = await client.PostAsync("/api/releases", new StringContent(json, Encoding.UTF8, "application/json"));
            var body = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.Accepted, $"{(int)response.StatusCode} {body}");
            ids.Add(JsonDocument.Parse(body).RootElement.GetProperty("releaseId").GetString()!);
        }
        foreach (var id in ids) await client.WaitAppliedAsync(id, null, onTimeout);
    }

    /// <summary>
    /// Polls the release's status at the client until it says applied (every read model includes it);
    /// on timeout the last answer, and what <paramref name="onTimeout"/> adds, are the message.
    /// </summary>
    public static async Task WaitAppliedAsync(this HttpClient client, string releaseId, TimeSpan? timeout = null, Func<string>? onTimeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(60));
        var last = "";
        while (DateTime.UtcNow < deadline)
        {
            using var response = await client.GetAsync($"/api/releases/{Uri.EscapeDataString(releaseId)}");
            last = await response.Content.ReadAsStringAsync();
            if (response.IsSuccessStatusCode && last.Contains("\"status\":\"applied\"")) return;
            await Task.Delay(100);
        }
        throw new TimeoutException($"release {releaseId} not applied: {last}{onTimeout?.Invoke()}");
    }

    /// <summary>Asserts the status and a well-formed problem whose status equals it.</summary>
    public static async Task<JsonElement> ProblemAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri}: {(int)response.StatusCode} {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(body).RootElement.Clone();
        Assert.Equal((int)expected, problem.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrEmpty(problem.GetProperty("title").GetString()));
        return problem;
    }
}
