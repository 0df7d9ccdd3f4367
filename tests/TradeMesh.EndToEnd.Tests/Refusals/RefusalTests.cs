using System.Net.Http.Headers;
using System.Net.Sockets;

namespace TradeMesh.EndToEnd.Tests.Refusals;

/// <summary>
/// What the gateway refuses itself, before or while forwarding: bodies over the limit (announced or
/// chunked), HEAD, other methods, long URIs and large headers. The answer is a 4xx problem+json that
/// says why, never a 5xx, never a hang. What the services answer to bad parameters, other media
/// types and a byte order mark is tested in process (TradeMesh.Contract.Tests, Refusals).
/// </summary>
[Collection(SystemCollection.Name)]
public sealed class RefusalTests(SystemFixture fixture)
{
    private const long MaxBody = 8 * 1024 * 1024;
    private readonly TradeMeshSystem _system = fixture.System;

    [Fact]
    public async Task An_announced_body_over_the_limit_is_refused_with_413_before_it_is_sent()
    {
        // The request announces 9 MiB and sends 10 bytes: the answer must come without the rest.
        var (status, body) = await RawPostAsync(_system.GatewayAddress, $"Content-Length: {MaxBody + 1024 * 1024}\r\n", "{\"cities\":");
        Assert.True(status == 413, $"{status} {body}");
        Assert.Contains("\"status\":413", body);
    }

    [Fact]
    public async Task A_chunked_body_growing_over_the_limit_is_a_413_problem()
    {
        var release = TestReleases.Json(TestReleases.UniqueId("chunked-huge"), "2161", [("650100", 1)]);
        var padded = release.Replace("\"source\":\"test\"", $"\"source\":\"{new string('x', (int)MaxBody)}\"");
        using var content = new PushStreamContent(Encoding.UTF8.GetBytes(padded));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/releases") { Content = content };
        request.Headers.Add("X-Api-Key", _system.ApiKey);
        using var response = await _system.Gateway.SendAsync(request);
        await HttpAnswers.ProblemAsync(response, HttpStatusCode.RequestEntityTooLarge);
    }

    [Theory]
    [InlineData("/api/rankings/2025")]
    [InlineData("/api/periods")]
    [InlineData("/api/releases/no-such-release")]
    public async Task Head_answers_as_the_get_does_without_a_body(string path)
    {
        using var get = await _system.Gateway.GetAsync(path);
        using var head = await _system.Gateway.SendAsync(new HttpRequestMessage(HttpMethod.Head, path));
        Assert.Equal(get.StatusCode, head.StatusCode);
        Assert.Equal(get.Content.Headers.ContentType?.MediaType, head.Content.Headers.ContentType?.MediaType);
        Assert.Empty(await head.Content.ReadAsByteArrayAsync());
    }

    [Theory]
    [InlineData("DELETE", "/api/rankings/2025", "GET")]
    [InlineData("PUT", "/api/periods", "GET")]
    [InlineData("DELETE", "/api/releases", "POST")]
    [InlineData("PATCH", "/api/releases/some-id", "GET")]
    public async Task Another_method_is_a_405_problem_with_allow(string method, string path, string allowed)
    {
        // Without a key too: which methods a path takes is not a secret, and no key makes DELETE work.
        using var response = await _system.Gateway.SendAsync(new HttpRequestMessage(new HttpMethod(method), path));
        await HttpAnswers.ProblemAsync(response, HttpStatusCode.MethodNotAllowed);
        Assert.Contains(allowed, response.Content.Headers.Allow);
    }

    [Fact]
    public async Task A_long_uri_and_large_headers_are_problems_too()
    {
        using (var response = await _system.Gateway.GetAsync($"/api/periods?q={new string('q', 12_000)}"))
            await HttpAnswers.ProblemAsync(response, HttpStatusCode.RequestUriTooLong);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/periods");
        request.Headers.Add("X-Filler", new string('h', 40_000));
        using (var response = await _system.Gateway.SendAsync(request))
            await HttpAnswers.ProblemAsync(response, HttpStatusCode.RequestHeaderFieldsTooLarge);
    }

    /// <summary>A POST written by hand: HttpClient refuses to send fewer bytes than it announces.</summary>
    private async Task<(int Status, string Body)> RawPostAsync(Uri address, string extraHeaders, string body)
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(address.Host, address.Port);
        var stream = tcp.GetStream();
        var request = $"POST /api/releases HTTP/1.1\r\nHost: {address.Authority}\r\nX-Api-Key: {_system.ApiKey}\r\n" +
                      $"Content-Type: application/json\r\n{extraHeaders}\r\n{body}";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(request));
        // Well below the gateway's 60 s forwarding timeout: an answer that waits for the body fails here.
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var buffer = new byte[64 * 1024];
        var answer = new StringBuilder();
        while (!answer.ToString().Contains("\r\n\r\n") || !HasWholeBody(answer.ToString()))
        {
            var read = await stream.ReadAsync(buffer, cts.Token);
            if (read == 0) break;
            answer.Append(Encoding.UTF8.GetString(buffer, 0, read));
        }
        var text = answer.ToString();
        var status = int.Parse(text.Split(' ', 3)[1]);
        return (status, text[(text.IndexOf("\r\n\r\n", StringComparison.Ordinal) + 4)..]);
    }

    private static bool HasWholeBody(string answer)
    {
        var split = answer.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        var headers = answer[..split];
        var length = headers.Split("\r\n").FirstOrDefault(h => h.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase));
        if (length is not null) return Encoding.UTF8.GetByteCount(answer[(split + 4)..]) >= int.Parse(length.Split(':')[1].Trim());
        return answer.EndsWith("0\r\n\r\n", StringComparison.Ordinal);
    }

    /// <summary>Content without a length, so HttpClient sends it chunked.</summary>
    private sealed class PushStreamContent(byte[] bytes) : HttpContent
    {
        protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) => stream.WriteAsync(bytes).AsTask();

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }
    }
}
