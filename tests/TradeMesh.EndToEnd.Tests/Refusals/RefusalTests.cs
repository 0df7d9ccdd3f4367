using System.Net.Http.Headers;
using System.Net.Sockets;

namespace TradeMesh.EndToEnd.Tests.Refusals;

/// <summary>
/// Whatever a client sends, the answer is a 4xx problem+json that says why, through the gateway
/// and at the services: bad parameters, bodies over the limit (announced or chunked), other media
/// types, other methods. Never a 5xx, never a hang, never the whole input echoed back.
/// </summary>
[Collection(SystemCollection.Name)]
public sealed class RefusalTests(SystemFixture fixture)
{
    private const long MaxBody = 8 * 1024 * 1024;
    private readonly TradeMeshSystem _system = fixture.System;

    public static TheoryData<string, string> BadParameters => new()
    {
        { "/api/rankings/2025?top=abc", "top" },
        { "/api/movers/2025?top=x", "top" },
        { "/api/rankings/2025?top=99999999999999999999", "top" },
        { "/api/rankings/2025?top=0", "top" },
        { "/api/rankings/2025?measure=weight", "measure" },
        { "/api/rankings/2025?asOf=yesterday", "asOf" },
        { "/api/rankings/20x5", "period" },
        { "/api/movers/2025-13?top=1", "period" },
    };

    [Theory]
    [MemberData(nameof(BadParameters))]
    public async Task A_bad_parameter_is_a_400_problem_naming_it(string path, string parameter)
    {
        using var response = await _system.Gateway.GetAsync(path);
        var problem = await ProblemAsync(response, HttpStatusCode.BadRequest);
        var reasons = problem.GetProperty("reasons").EnumerateArray().Select(r => r.GetString()!).ToList();
        Assert.Contains(reasons, r => r.StartsWith(parameter + ":", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_4000_character_bad_value_is_not_echoed_back_whole()
    {
        var period = new string('9', 4_000);
        foreach (var path in new[] { $"/api/rankings/{period}", $"/api/movers/2025?top={period}", $"/api/releases/{new string('r', 4_000)}" })
        {
            using var response = await _system.Gateway.GetAsync(path);
            var body = await response.Content.ReadAsStringAsync();
            Assert.True((int)response.StatusCode is >= 400 and < 500, $"{(int)response.StatusCode} {body[..Math.Min(300, body.Length)]}");
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            Assert.True(body.Length < 1_000, $"{path[..30]}…: {body.Length} characters echoed");
            Assert.Contains("…", JsonDocument.Parse(body).RootElement.GetProperty("detail").GetString());
        }
    }

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
        await ProblemAsync(response, HttpStatusCode.RequestEntityTooLarge);
    }

    [Theory]
    [InlineData("application/jsonx")]
    [InlineData("text/csvfoo")]
    [InlineData("application/json; charset=utf-16")]
    [InlineData("text/plain")]
    public async Task Another_media_type_is_a_415_problem_naming_the_supported_ones(string contentType)
    {
        var body = TestReleases.Json(TestReleases.UniqueId("media"), "2162", [("650100", 1)]);
        using var content = new ByteArrayContent(Encoding.UTF8.GetBytes(body));
        content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/releases") { Content = content };
        request.Headers.Add("X-Api-Key", _system.ApiKey);
        using var response = await _system.Gateway.SendAsync(request);
        var problem = await ProblemAsync(response, HttpStatusCode.UnsupportedMediaType);
        Assert.Equal(["application/json", "text/csv"], problem.GetProperty("supported").EnumerateArray().Select(s => s.GetString()));
    }

    [Fact]
    public async Task A_utf8_byte_order_mark_is_tolerated_before_json_and_csv_and_over_amqp()
    {
        var bom = Encoding.UTF8.GetPreamble();
        var jsonId = TestReleases.UniqueId("bom-json");
        var json = bom.Concat(Encoding.UTF8.GetBytes(TestReleases.Json(jsonId, "2163", [("650100", 5)]))).ToArray();
        Assert.Equal(HttpStatusCode.Accepted, await PostBytesAsync("/api/releases", json, "application/json; charset=utf-8"));

        var csvId = TestReleases.UniqueId("bom-csv");
        var csv = bom.Concat(Encoding.UTF8.GetBytes("cityCode,name,province,total,exports,imports,yoyPct\n650200,Karamay,,7,,,\n")).ToArray();
        Assert.Equal(HttpStatusCode.Accepted, await PostBytesAsync(
            $"/api/releases?releaseId={csvId}&period=2164&stage=official&unit=CNY_100M&publishedAt=2026-01-20T08:00:00Z", csv, "text/csv"));

        var amqpId = TestReleases.UniqueId("bom-amqp");
        await ForeignPublishers.PublishWithPikaAsync(_system.Amqp, "\uFEFF" + TestReleases.Json(amqpId, "2165", [("650100", 9)]));
        foreach (var id in new[] { jsonId, csvId, amqpId }) await _system.WaitAppliedAsync(id);
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
        await ProblemAsync(response, HttpStatusCode.MethodNotAllowed);
        Assert.Contains(allowed, response.Content.Headers.Allow);
    }

    [Fact]
    public async Task A_long_uri_and_large_headers_are_problems_too()
    {
        using (var response = await _system.Gateway.GetAsync($"/api/periods?q={new string('q', 12_000)}"))
            await ProblemAsync(response, HttpStatusCode.RequestUriTooLong);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/periods");
        request.Headers.Add("X-Filler", new string('h', 40_000));
        using (var response = await _system.Gateway.SendAsync(request))
            await ProblemAsync(response, HttpStatusCode.RequestHeaderFieldsTooLarge);
    }

    [Fact]
    public async Task Every_operation_of_both_documents_declares_its_refusals()
    {
        foreach (var document in new[] { "/openapi/ingestion.json", "/openapi/projections.json" })
        {
            var doc = await _system.Gateway.GetJsonAsync(document);
            foreach (var path in doc.GetProperty("paths").EnumerateObject())
            foreach (var operation in path.Value.EnumerateObject())
            {
                var declared = operation.Value.GetProperty("responses").EnumerateObject().Select(r => r.Name).ToHashSet();
                var expected = new List<string> { "400", "401", "403", "414", "429", "431", "502", "503", "504" };
                if (path.Name.Contains('{')) expected.Add("404");
                if (operation.Value.TryGetProperty("requestBody", out _)) expected.AddRange(["413", "415"]);
                Assert.True(declared.IsSupersetOf(expected), $"{operation.Name} {path.Name} declares {string.Join(",", declared.Order())}");
                Assert.DoesNotContain("default", declared);
            }
        }
    }

    private async Task<HttpStatusCode> PostBytesAsync(string path, byte[] body, string contentType)
    {
        using var content = new ByteArrayContent(body);
        content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = content };
        request.Headers.Add("X-Api-Key", _system.ApiKey);
        using var response = await _system.Gateway.SendAsync(request);
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, $"{path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return response.StatusCode;
    }

    /// <summary>Asserts the status and a well-formed problem whose status equals it.</summary>
    internal static async Task<JsonElement> ProblemAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri}: {(int)response.StatusCode} {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(body).RootElement.Clone();
        Assert.Equal((int)expected, problem.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrEmpty(problem.GetProperty("title").GetString()));
        return problem;
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
