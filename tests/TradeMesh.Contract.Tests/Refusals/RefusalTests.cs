namespace TradeMesh.Contract.Tests.Refusals;

/// <summary>
/// What each service answers to what a client may send, as the gateway forwards it: bad parameters,
/// other media types, a byte order mark, and the refusals each OpenAPI document declares. The answer
/// is a 4xx problem+json that says why, never a 5xx, never the whole input echoed back. (What the
/// gateway answers itself, before forwarding, stays in the end-to-end RefusalTests.)
/// </summary>
[Collection(InProcessCollection.Name)]
public sealed class RefusalTests(SeededServices services)
{
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
        using var response = await services.Projections.GetAsync(path);
        var problem = await HttpAnswers.ProblemAsync(response, HttpStatusCode.BadRequest);
        var reasons = problem.GetProperty("reasons").EnumerateArray().Select(r => r.GetString()!).ToList();
        Assert.Contains(reasons, r => r.StartsWith(parameter + ":", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_4000_character_bad_value_is_not_echoed_back_whole()
    {
        var period = new string('9', 4_000);
        foreach (var (service, path) in new[]
        {
            (services.Projections, $"/api/rankings/{period}"),
            (services.Projections, $"/api/movers/2025?top={period}"),
            (services.Ingestion, $"/api/releases/{new string('r', 4_000)}"),
        })
        {
            using var response = await service.GetAsync(path);
            var body = await response.Content.ReadAsStringAsync();
            Assert.True((int)response.StatusCode is >= 400 and < 500, $"{(int)response.StatusCode} {body[..Math.Min(300, body.Length)]}");
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            Assert.True(body.Length < 1_000, $"{path[..30]}…: {body.Length} characters echoed");
            Assert.Contains("…", JsonDocument.Parse(body).RootElement.GetProperty("detail").GetString());
        }
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
        using var response = await services.Ingestion.PostAsync("/api/releases", content);
        var problem = await HttpAnswers.ProblemAsync(response, HttpStatusCode.UnsupportedMediaType);
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
        await ForeignPublishers.PublishWithPikaAsync(services.Amqp, "\uFEFF" + TestReleases.Json(amqpId, "2165", [("650100", 9)]));
        foreach (var id in new[] { jsonId, csvId, amqpId }) await services.WaitAppliedAsync(id);
    }

    [Fact]
    public async Task Every_operation_of_both_documents_declares_its_refusals()
    {
        // The documents the gateway serves as /openapi/ingestion.json and /openapi/projections.json.
        foreach (var service in new[] { services.Ingestion, services.Projections })
        {
            using var response = await service.GetAsync("/openapi/v1.json");
            var text = await response.Content.ReadAsStringAsync();
            Assert.True(response.IsSuccessStatusCode, $"{service.BaseAddress}openapi/v1.json: {(int)response.StatusCode} {text}");
            var doc = JsonDocument.Parse(text).RootElement;
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
        using var response = await services.Ingestion.PostAsync(path, content);
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, $"{path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return response.StatusCode;
    }
}
