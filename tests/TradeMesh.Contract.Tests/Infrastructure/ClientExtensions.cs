namespace TradeMesh.Contract.Tests.Infrastructure;

/// <summary>Reads answers of a service, failing with the body when the status is not the one expected.</summary>
public static class ClientExtensions
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
}
