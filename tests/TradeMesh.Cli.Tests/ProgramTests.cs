namespace TradeMesh.Cli.Tests;

/// <summary>The CLI run in-process: which exit code and message each kind of mistake gets.</summary>
public sealed class ProgramTests
{
    private static Task<(int Code, string Out, string Error)> RunAsync(params string[] args) => Cli.RunAsync(args);

    [Theory]
    [InlineData]
    [InlineData("help")]
    [InlineData("--help")]
    [InlineData("ranking", "--help")]
    public async Task Help_prints_the_usage_with_commands_and_exit_codes(params string[] args)
    {
        var (code, output, _) = await RunAsync(args);

        Assert.Equal(0, code);
        foreach (var text in new[] { "trademesh push", "trademesh status", "trademesh ranking", "trademesh movers", "trademesh series",
                     "trademesh aggregates", "trademesh cities", "trademesh history", "trademesh changes", "trademesh watch",
                     "TRADEMESH_GATEWAY", "TRADEMESH_API_KEY", "TRADEMESH_AMQP", ".state/local/api-key", "Exit codes" })
            Assert.Contains(text, output);
    }

    [Theory]
    [InlineData("Unrecognized command or argument 'publish'", "publish", "x.json")]
    [InlineData("Required argument missing for command: 'status'", "status")]
    [InlineData("Required argument missing for command: 'ranking'", "ranking")]
    [InlineData("Unrecognized command or argument '2024'", "movers", "2025", "2024")]
    [InlineData("Unrecognized command or argument '--wait'", "ranking", "2025", "--wait")]
    [InlineData("--top must be a whole number of 1 or more, not 'ten'", "ranking", "2025", "--top", "ten")]
    [InlineData("--offset must be a whole number of 0 or more, not '-1'", "cities", "--offset", "-1")]
    [InlineData("Unrecognized command or argument '--offset'", "movers", "2025", "--offset", "1")]
    [InlineData("Argument 'xml' not recognized", "cities", "--format", "xml")]
    [InlineData("expects a single argument", "ranking", "2025", "--top", "1", "--top", "2")]
    [InlineData("--via must be http or amqp", "push", "x.json", "--via", "smtp")]
    [InlineData("--timeout must be a number of seconds", "push", "x.json", "--timeout", "soon")]
    [InlineData("cannot read", "push", "/no/such/release.json")]
    public async Task Bad_arguments_exit_1_with_the_reason(string message, params string[] args)
    {
        var (code, _, error) = await RunAsync(args);

        Assert.Equal(ExitCodes.Usage, code);
        Assert.Contains(message, error);
        Assert.Contains("trademesh help", error);
    }

    [Fact]
    public async Task A_csv_push_without_the_release_options_names_the_missing_ones()
    {
        var (code, _, error) = await RunAsync("push", Repo.SampleData("2025-annual-preliminary.csv"), "--period", "2025");

        Assert.Equal(ExitCodes.Usage, code);
        Assert.Contains("--release-id, --stage, --unit, --published-at", error);
    }

    [Fact]
    public async Task Release_options_on_a_json_file_are_a_usage_error()
    {
        var (code, _, error) = await RunAsync("push", Repo.SampleData("2025-annual-preliminary.json"), "--period", "2025");

        Assert.Equal(ExitCodes.Usage, code);
        Assert.Contains("for CSV files", error);
    }

    [Fact]
    public async Task An_unreachable_gateway_exits_3_naming_it()
    {
        var (code, _, error) = await RunAsync("status", "some-release", "--gateway", "http://127.0.0.1:1");

        Assert.Equal(ExitCodes.Unavailable, code);
        Assert.Contains("cannot reach the gateway at http://127.0.0.1:1/", error);
    }

    [Fact]
    public async Task An_unreachable_broker_exits_3_without_printing_its_password()
    {
        var (code, output, error) = await RunAsync("push", Repo.SampleData("2025-annual-preliminary.json"),
            "--via", "amqp", "--amqp", "amqp://user:s3cret@127.0.0.1:1/", "--timeout", "10");

        Assert.Equal(ExitCodes.Unavailable, code);
        Assert.Contains("22 cities", output);
        Assert.Contains("cannot reach RabbitMQ at amqp://127.0.0.1:1/", error);
        Assert.DoesNotContain("s3cret", output + error);
    }

    [Theory]
    [InlineData(200, false, 0)]
    [InlineData(202, false, 0)]
    [InlineData(400, false, 2)]
    [InlineData(401, false, 2)]
    [InlineData(409, false, 2)]
    [InlineData(404, false, 4)]
    [InlineData(503, false, 3)]
    [InlineData(500, true, 3)]
    [InlineData(400, true, 1)]
    [InlineData(404, true, 4)]
    public void Http_answers_map_to_the_documented_exit_codes(int status, bool isQuery, int expected) =>
        Assert.Equal(expected, ExitCodes.ForHttpStatus(status, isQuery));
}

public sealed class GatewayAnswerTests
{
    [Fact]
    public void A_problem_prints_its_title_and_detail_then_one_reason_per_line()
    {
        const string body = """{"title":"The release was rejected","status":400,"detail":"2 rule(s) failed; nothing was applied.","reasons":["stage: bad","cities[0].total: must be >= 0"]}""";
        var answer = new TradeMesh.Cli.Transport.GatewayAnswer(400, body, System.Text.Json.JsonDocument.Parse(body).RootElement);
        using var writer = new StringWriter();

        answer.WriteProblem(writer);

        Assert.Equal(["400 The release was rejected: 2 rule(s) failed; nothing was applied.", "  stage: bad", "  cities[0].total: must be >= 0", ""],
            writer.ToString().Split(Environment.NewLine));
    }

    [Fact]
    public void A_detail_that_only_repeats_the_reasons_is_not_printed_twice_and_an_empty_body_shows_the_status()
    {
        const string body = """{"title":"Invalid query","detail":"top: bad","reasons":["top: bad"]}""";
        Assert.Equal("400 Invalid query", new TradeMesh.Cli.Transport.GatewayAnswer(400, body, System.Text.Json.JsonDocument.Parse(body).RootElement).Describe());
        Assert.Equal("401", new TradeMesh.Cli.Transport.GatewayAnswer(401, "", null).Describe());
    }
}
