using System.Net.Http.Headers;
using System.Text.Json;
using TradeMesh.Cli.Output;

namespace TradeMesh.Cli.Transport;

/// <summary>An answer of the gateway: status, raw body, and the body as JSON when it is JSON.</summary>
internal sealed record GatewayAnswer(int Status, string Body, JsonElement? Json)
{
    public bool IsSuccess => Status is >= 200 and < 300;

    /// <summary>problem+json's title, detail and reasons, for printing one per line.</summary>
    public IReadOnlyList<string> Reasons =>
        Json is { ValueKind: JsonValueKind.Object } json && json.TryGetProperty("reasons", out var reasons) && reasons.ValueKind == JsonValueKind.Array
            ? [.. reasons.EnumerateArray().Select(r => r.AsText())]
            : [];

    public string Describe()
    {
        if (Json is { ValueKind: JsonValueKind.Object } json)
        {
            var title = json.TryGetProperty("title", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() : null;
            var detail = json.TryGetProperty("detail", out var d) && d.ValueKind == JsonValueKind.String ? d.GetString() : null;
            // Query problems repeat their reasons as the detail; they are printed below, once.
            if (detail is not null && Reasons.Count > 0 && detail == string.Join("; ", Reasons)) detail = null;
            if (title is not null || detail is not null) return $"{Status} {title}{(title is not null && detail is not null ? ": " : "")}{detail}";
        }
        // The gateway answers 401 with an empty body; some proxies answer HTML: keep it short.
        var body = Body.Trim();
        return body.Length == 0 ? $"{Status}" : $"{Status} {(body.Length > 300 ? body[..300] + "..." : body)}";
    }

    /// <summary>Writes the failure with each reason on its own line, as scripts and people both read it.</summary>
    public void WriteProblem(TextWriter writer)
    {
        writer.WriteLine(Describe());
        foreach (var reason in Reasons) writer.WriteLine($"  {reason}");
    }
}

/// <summary>
/// HTTP to the gateway. A connection that cannot be made or times out becomes exit code 3, with
/// the address in the message, so "is the system running?" is answered right there.
/// </summary>
internal sealed class GatewayClient : IDisposable
{
    private readonly HttpClient _http;
    private readonly Uri _gateway;

    public GatewayClient(Settings settings, TimeSpan? timeout = null, HttpMessageHandler? handler = null)
    {
        _gateway = settings.Gateway;
        _http = handler is null ? new HttpClient() : new HttpClient(handler, disposeHandler: false);
        _http.BaseAddress = settings.Gateway;
        _http.Timeout = timeout ?? TimeSpan.FromSeconds(100);
        _http.DefaultRequestHeaders.UserAgent.Add(new ProductInfoHeaderValue("trademesh-cli", "1.0"));
        if (settings.ApiKey is { } key) _http.DefaultRequestHeaders.Add("X-Api-Key", key);
    }

    public Task<GatewayAnswer> GetAsync(string path, CancellationToken ct, string accept = "application/json")
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(accept));
        return SendAsync(request, ct);
    }

    /// <summary>
    /// Opens a Server-Sent Events stream, resuming after <paramref name="lastEventId"/> when given.
    /// A non-success answer is read whole and returned as the problem, with no stream.
    /// </summary>
    public async Task<(GatewayAnswer? Problem, HttpResponseMessage? Stream)> OpenEventsAsync(string path, string? lastEventId, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
        if (lastEventId is not null) request.Headers.Add("Last-Event-ID", lastEventId);
        try
        {
            var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct);
            if (response.IsSuccessStatusCode) return (null, response);
            using (response)
            {
                var body = await response.Content.ReadAsStringAsync(ct);
                return (new GatewayAnswer((int)response.StatusCode, body, TryParse(body)), null);
            }
        }
        catch (HttpRequestException ex)
        {
            throw new CliException(ExitCodes.Unavailable, $"cannot reach the gateway at {_gateway}: {ex.Message}");
        }
    }

    public Task<GatewayAnswer> PostAsync(string path, byte[] body, string contentType, CancellationToken ct)
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        return SendAsync(new HttpRequestMessage(HttpMethod.Post, path) { Content = content }, ct);
    }

    private async Task<GatewayAnswer> SendAsync(HttpRequestMessage request, CancellationToken ct)
    {
        using (request)
        {
            try
            {
                using var response = await _http.SendAsync(request, ct);
                var body = await response.Content.ReadAsStringAsync(ct);
                return new GatewayAnswer((int)response.StatusCode, body, TryParse(body));
            }
            catch (HttpRequestException ex)
            {
                throw new CliException(ExitCodes.Unavailable, $"cannot reach the gateway at {_gateway}: {ex.Message}");
            }
            catch (TaskCanceledException) when (!ct.IsCancellationRequested)
            {
                throw new CliException(ExitCodes.Unavailable, $"the gateway at {_gateway} did not answer within {_http.Timeout.TotalSeconds:0} s");
            }
        }
    }

    private static JsonElement? TryParse(string body)
    {
        if (body.Length == 0) return null;
        try { return JsonDocument.Parse(body).RootElement.Clone(); }
        catch (JsonException) { return null; }
    }

    /// <summary>Escapes a path segment (a release id or a period) for the URL.</summary>
    public static string Segment(string value) => Uri.EscapeDataString(value);

    public void Dispose() => _http.Dispose();
}
