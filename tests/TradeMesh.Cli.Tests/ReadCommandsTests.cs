using static System.Uri;

namespace TradeMesh.Cli.Tests;

/// <summary>Each read command asks the endpoint of the contract with its options as query parameters, and prints the answer.</summary>
public sealed class ReadCommandsTests
{
    private const string AsOf = "2026-02-01T00:00:00+08:00";

    public static TheoryData<string[], string> Requests => new()
    {
        { ["ranking", "2025"], "/api/rankings/2025" },
        { ["ranking", "2025", "--top", "10", "--offset", "20", "--measure", "exports", "--province", "广东", "--level", "county", "--as-of", AsOf, "--unit", "CNY_BN"],
          $"/api/rankings/2025?top=10&offset=20&measure=exports&province={EscapeDataString("广东")}&level=county&asOf={EscapeDataString(AsOf)}&unit=CNY_BN" },
        { ["movers", "2025-03-YTD", "--top", "3", "--province", "Zhejiang", "--level", "county", "--unit", "CNY_TN", "--as-of", AsOf],
          $"/api/movers/2025-03-YTD?top=3&province=Zhejiang&level=county&asOf={EscapeDataString(AsOf)}&unit=CNY_TN" },
        { ["series", "440300,310000", "--measure", "imports", "--shape", "ytd", "--from", "2020-06-YTD", "--to", "2025-06-YTD", "--level", "city", "--as-of", AsOf, "--unit", "CNY"],
          $"/api/series?cities={EscapeDataString("440300,310000")}&measure=imports&shape=ytd&from=2020-06-YTD&to=2025-06-YTD&level=city&asOf={EscapeDataString(AsOf)}&unit=CNY" },
        { ["aggregates", "2025", "--by", "region", "--measure", "total", "--as-of", AsOf, "--unit", "CNY_10K"],
          $"/api/aggregates/2025?by=region&measure=total&asOf={EscapeDataString(AsOf)}&unit=CNY_10K" },
        { ["cities"], "/api/cities" },
        { ["cities", "--province", "44", "--level", "county", "--q", "金华"], $"/api/cities?province=44&level=county&q={EscapeDataString("金华")}" },
        { ["cities", "--top", "10", "--offset", "20"], "/api/cities?top=10&offset=20" },
        { ["history", "120000", "--measure", "exports", "--as-of", AsOf, "--unit", "CNY_BN"],
          $"/api/cities/120000/history?measure=exports&asOf={EscapeDataString(AsOf)}&unit=CNY_BN" },
        { ["changes", "sample-2025-annual-revised-tianjin"], "/api/releases/sample-2025-annual-revised-tianjin/changes" },
        { ["status", "a b/c"], "/api/releases/a%20b%2Fc" },
    };

    [Theory]
    [MemberData(nameof(Requests))]
    public async Task Options_become_the_query_parameters_of_the_contract(string[] args, string expected)
    {
        // An answer with none of the expected fields still prints: a newer or older server must not crash the CLI.
        var gateway = StubGateway.Json("{}");

        var (code, _, error) = await Cli.RunAsync(gateway, args);

        Assert.True(code == 0, error);
        Assert.Equal(expected, gateway.Asked);
        Assert.Equal("application/json", gateway.Requests.Single().Headers.Accept.Single().MediaType);
    }

    [Theory]
    [InlineData("ranking", "2025")]
    [InlineData("series", "440300")]
    [InlineData("cities")]
    public async Task Csv_asks_for_csv_and_prints_the_servers_bytes_as_they_are(params string[] command)
    {
        const string csv = "cityCode,name,nameZh,period,value\r\n440300,Shenzhen,深圳,2025,45500\r\n310000,\"Shang, hai\",上海,2025,45100.25\r\n";
        var gateway = StubGateway.Json(csv, contentType: "text/csv");

        var (code, output, _) = await Cli.RunAsync(gateway, [.. command, "--format", "csv"]);

        Assert.Equal(0, code);
        Assert.Equal(csv, output);
        var request = gateway.Requests.Single();
        Assert.Equal("text/csv", request.Headers.Accept.Single().MediaType);
        Assert.EndsWith("format=csv", request.RequestUri!.Query);
    }

    [Fact]
    public async Task Json_prints_the_servers_answer_as_it_is()
    {
        const string json = """{"period":"2025","entries":[{"rank":1,"name":"深圳","value":45500}]}""";

        var (code, output, _) = await Cli.RunAsync(StubGateway.Json(json), "ranking", "2025", "--format", "json");

        Assert.Equal(0, code);
        Assert.Equal(json + Environment.NewLine, output);
    }

    [Theory]
    [InlineData(HttpStatusCode.NotFound, 4)]
    [InlineData(HttpStatusCode.BadRequest, 1)]
    [InlineData(HttpStatusCode.BadGateway, 3)]
    public async Task A_problem_answer_prints_every_reason_and_exits_with_its_code(HttpStatusCode status, int exit)
    {
        const string problem = """{"title":"Invalid query","status":400,"detail":"2 problems","reasons":["top: 'abc' is not a whole number","asOf: not an instant"]}""";

        var (code, output, error) = await Cli.RunAsync(StubGateway.Json(problem, status, "application/problem+json"), "series", "440300", "--format", "csv");

        Assert.Equal(exit, code);
        Assert.Empty(output);
        Assert.Contains("  top: 'abc' is not a whole number", error);
        Assert.Contains("  asOf: not an instant", error);
    }

    [Fact]
    public async Task Status_prints_the_trace_link_and_the_warnings_and_a_rejected_release_exits_2()
    {
        const string status = """
            { "releaseId": "xian-slip", "status": "applied", "cities": 1, "applied": 1, "reasons": [],
              "traceId": "4bf92f3577b34da6a3ce929d0e0e4736", "traceUrl": "http://localhost:18888/traces/detail/4bf92f3577b34da6a3ce929d0e0e4736",
              "warningCount": 3, "warnings": [
                { "code": "province-mismatch", "cityCode": "610100", "message": "province Shaanxi Province is not the code's (61 Shaanxi)" },
                { "code": "scale-jump", "cityCode": "610100", "message": "49870 is 10 times 4987" },
                { "code": "yoy-mismatch", "cityCode": "610100", "message": "reported 21.6, computed 900" } ] }
            """;

        var (code, output, _) = await Cli.RunAsync(StubGateway.Json(status), "status", "xian-slip");

        Assert.Equal(0, code);
        var lines = output.Split(Environment.NewLine);
        Assert.Contains("traceUrl   http://localhost:18888/traces/detail/4bf92f3577b34da6a3ce929d0e0e4736", lines);
        Assert.Contains("warnings (3)", lines);
        Assert.Contains("  scale-jump 610100: 49870 is 10 times 4987", lines);
        Assert.Contains("  province-mismatch 610100: province Shaanxi Province is not the code's (61 Shaanxi)", lines);

        var rejected = await Cli.RunAsync(StubGateway.Json("""{"releaseId":"r","status":"rejected","cities":1,"applied":0,"reasons":["stage: bad"]}"""), "status", "r");
        Assert.Equal(2, rejected.Code);
        Assert.Contains("  stage: bad", rejected.Out);
        Assert.DoesNotContain("traceUrl", rejected.Out);
        Assert.DoesNotContain("warnings", rejected.Out);
    }

    [Fact]
    public async Task Push_with_wait_prints_the_trace_link_and_the_warnings_of_the_applied_release()
    {
        var gateway = new StubGateway(request => request.Method == HttpMethod.Post
            ? StubGateway.Answer(HttpStatusCode.Accepted, """{"releaseId":"sample-2025-annual-preliminary","status":"accepted","cities":22,"statusUrl":"/api/releases/sample-2025-annual-preliminary","traceUrl":"http://viewer/trace/1"}""")
            : StubGateway.Answer(HttpStatusCode.OK, """{"releaseId":"sample-2025-annual-preliminary","status":"applied","cities":22,"applied":22,"reasons":[],"warningCount":1,"warnings":[{"code":"sum-exceeds-national","message":"the cities add up to more than 454700"}]}"""));

        var (code, output, error) = await Cli.RunAsync(gateway, "push", Repo.SampleData("2025-annual-preliminary.json"), "--api-key", "k", "--wait");

        Assert.True(code == 0, error);
        Assert.Equal("k", gateway.Requests[0].Headers.GetValues("X-Api-Key").Single());
        Assert.Contains("trace: http://viewer/trace/1", output);
        Assert.Contains("release sample-2025-annual-preliminary applied", output);
        Assert.Contains("  sum-exceeds-national: the cities add up to more than 454700", output); // no city: a release-wide warning
    }
}
