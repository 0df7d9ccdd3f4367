using System.Text.RegularExpressions;

namespace TradeMesh.EndToEnd.Tests.Cli;

/// <summary>
/// The `trademesh` CLI as users run it: the built tool as a process, against the running system,
/// judged by its exit codes and what it prints. Periods 2066 and 2070-2077 are used by no other test.
/// </summary>
[Collection(SystemCollection.Name)]
public sealed class CliTests(SystemFixture fixture, ITestOutputHelper log) : IDisposable
{
    private readonly TradeMeshSystem _system = fixture.System;
    private readonly DirectoryInfo _files = Directory.CreateTempSubdirectory("trademesh-cli-");

    private Task<CliRun> RunAsync(params string[] args) => CliProcess.RunAsync(_system, log, args);

    private string WriteFile(string name, string content)
    {
        var path = Path.Combine(_files.FullName, name);
        File.WriteAllText(path, content);
        return path;
    }

    private async Task<JsonElement> GetJsonAsync(string path) => await _system.Gateway.GetJsonAsync(path);

    [Fact]
    public async Task A_json_release_pushed_over_http_with_wait_is_applied_and_status_ranking_and_movers_show_it()
    {
        var first = TestReleases.UniqueId("cli-2070");
        var file2070 = WriteFile("2070.json", TestReleases.Json(first, "2070", [("650100", 900), ("650200", 800), ("650300", 700)]));

        var push = await RunAsync("push", file2070, "--wait", "--timeout", "60");
        Assert.True(push.Code == 0, push.All);
        Assert.Contains("(3 cities)", push.Out);
        Assert.Contains("accepted", push.Out);
        Assert.Contains($"release {first} applied", push.Out);
        Assert.Contains("applied 3/3", push.Out);

        var status = await RunAsync("status", first);
        Assert.True(status.Code == 0, status.All);
        Assert.Contains($"releaseId  {first}", status.Out);
        Assert.Contains("status     applied", status.Out);
        Assert.Contains("applied    3", status.Out);

        var ranking = await RunAsync("ranking", "2070", "--top", "3");
        Assert.True(ranking.Code == 0, ranking.All);
        Assert.Contains("Ranking 2070 · measure total", ranking.Out);
        var rows = ranking.Out.Split('\n').Where(l => l.Contains("City 65")).ToList();
        Assert.Equal(3, rows.Count);
        Assert.Contains("City 650100", rows[0]); // the top city, first
        Assert.Contains("900", rows[0]);

        // A second year: 650200 grows past 650100 and past 1,000 亿元.
        var second = TestReleases.UniqueId("cli-2071");
        var file2071 = WriteFile("2071.json", TestReleases.Json(second, "2071", [("650100", 850), ("650200", 1200), ("650300", 690)]));
        var push2071 = await RunAsync("push", file2071, "--wait");
        Assert.True(push2071.Code == 0, push2071.All);

        var movers = await RunAsync("movers", "2071");
        Assert.True(movers.Code == 0, movers.All);
        Assert.Contains("Movers 2071 · measure total · compared with 2070", movers.Out);
        Assert.Contains("City 650200 (1) overtook City 650100 (2)", movers.Out);
        Assert.Contains("City 650200 crossed 1,000 up", movers.Out);
        Assert.Contains("City 650200 (650200)  rank 1, was 2 (+1)", movers.Out);

        var ranking2071 = await RunAsync("ranking", "2071");
        Assert.True(ranking2071.Code == 0, ranking2071.All);
        var top = ranking2071.Out.Split('\n').First(l => l.Contains("City 65"));
        Assert.Contains("City 650200", top);
        Assert.EndsWith("+1", top.TrimEnd());
    }

    [Fact]
    public async Task A_csv_release_pushed_over_http_with_the_release_options_is_applied()
    {
        var id = TestReleases.UniqueId("cli-csv");
        var csv = WriteFile("2072.csv", """
            cityCode,name,province,total,exports,imports,yoyPct
            651100,"Csv City, One",Xinjiang,3000000,2000000,1000000,2.5
            651200,Csv City Two,Xinjiang,1500000,,,
            """);

        var push = await RunAsync("push", csv, "--release-id", id, "--period", "2072", "--stage", "official", "--unit", "CNY_10K",
            "--published-at", "2073-01-20T08:00:00+08:00", "--national-total", "100000000", "--wait");

        Assert.True(push.Code == 0, push.All);
        Assert.Contains("(2 cities)", push.Out);
        Assert.Contains($"release {id} applied", push.Out);
        // 万元 converted to 亿元 by the server: 3,000,000 万元 = 300 亿元.
        var ranking = await GetJsonAsync("/api/rankings/2072");
        var entries = ranking.GetProperty("entries").EnumerateArray().ToList();
        Assert.Equal(["651100", "651200"], entries.Select(e => e.GetProperty("cityCode").GetString()));
        Assert.Equal(300m, entries[0].GetProperty("value").GetDecimal());
        Assert.Equal("Csv City, One", entries[0].GetProperty("name").GetString());
        Assert.Equal(10000m, ranking.GetProperty("nationalTotal").GetDecimal());
    }

    [Fact]
    public async Task Refusals_unknown_releases_and_an_unreachable_gateway_have_their_exit_codes()
    {
        var bad = WriteFile("bad.json", TestReleases.Json(TestReleases.UniqueId("cli-bad"), "2074", [("652100", -5)], stage: "final"));
        var refused = await RunAsync("push", bad, "--wait");
        Assert.True(refused.Code == 2, refused.All);
        Assert.Contains("400", refused.Error);
        Assert.Contains("  stage:", refused.Error);          // every reason, one per line
        Assert.Contains("  cities[0].total:", refused.Error);

        var wrongKey = await RunAsync("push", bad, "--api-key", "not-a-key");
        Assert.True(wrongKey.Code == 2, wrongKey.All);
        Assert.Contains("401", wrongKey.Error);

        var unknown = await RunAsync("status", TestReleases.UniqueId("cli-never-sent"));
        Assert.True(unknown.Code == 4, unknown.All);

        var noData = await RunAsync("ranking", "2075");
        Assert.True(noData.Code == 4, noData.All);

        var badQuery = await RunAsync("ranking", "twenty");
        Assert.True(badQuery.Code == 1, badQuery.All);
        Assert.Contains("period", badQuery.Error);

        var unreachable = await RunAsync("status", "anything", "--gateway", "http://127.0.0.1:1");
        Assert.True(unreachable.Code == 3, unreachable.All);
        Assert.Contains("cannot reach the gateway at http://127.0.0.1:1/", unreachable.Error);
    }

    [Fact]
    public async Task A_release_published_over_amqp_with_wait_is_applied()
    {
        var id = TestReleases.UniqueId("cli-amqp");
        var file = WriteFile("2073.json", TestReleases.Json(id, "2073", [("653100", 40), ("653200", 30)]));

        var push = await RunAsync("push", file, "--via", "amqp", "--amqp", _system.Amqp.ToString(), "--wait", "--timeout", "60");

        Assert.True(push.Code == 0, push.All);
        Assert.Contains("confirmed by the broker", push.Out);
        Assert.Contains($"release {id} applied", push.Out);
        Assert.Equal(2, (await GetJsonAsync("/api/rankings/2073")).GetProperty("entries").GetArrayLength());
    }

    [Fact]
    public async Task A_bad_release_published_over_amqp_ends_rejected_with_its_reasons()
    {
        var id = TestReleases.UniqueId("cli-amqp-bad");
        var file = WriteFile("2076.json", TestReleases.Json(id, "2076", [("654100", -1)], stage: "final"));

        var push = await RunAsync("push", file, "--via", "amqp", "--amqp", _system.Amqp.ToString(), "--wait", "--timeout", "60");

        Assert.True(push.Code == 2, push.All);
        Assert.Contains($"release {id} rejected", push.Error);
        Assert.Contains("  stage:", push.Error);
        var status = await RunAsync("status", id);
        Assert.True(status.Code == 2, status.All);
        Assert.Contains("status     rejected", status.Out);
    }

    [Fact]
    public async Task A_revision_shows_in_history_and_json_output_is_the_gateways_answer_unchanged()
    {
        const string city = "655100";
        var official = TestReleases.UniqueId("cli-2077-official");
        var revised = TestReleases.UniqueId("cli-2077-revised");
        const decimal before = 500m, after = 520.5m;
        foreach (var (id, stage, total, published) in new[] { (official, "official", before, "2078-01-20T08:00:00+08:00"), (revised, "revised", after, "2078-03-01T08:00:00+08:00") })
        {
            var file = WriteFile($"{id}.json", TestReleases.Json(id, "2077", [(city, total), ("655200", 100)], stage: stage, publishedAt: published));
            var push = await RunAsync("push", file, "--wait");
            Assert.True(push.Code == 0, push.All);
        }

        var history = await RunAsync("history", city);
        Assert.True(history.Code == 0, history.All);
        var rows = history.Out.Split('\n').Select(l => l.Trim()).ToList();
        var effective = rows.Single(l => l.StartsWith("2077 ", StringComparison.Ordinal));
        Assert.Matches($@"^2077\s+effective\s+{Regex.Escape(after.ToString(System.Globalization.CultureInfo.InvariantCulture))}\s+revised\s", effective);
        Assert.EndsWith(revised, effective);
        var superseded = rows[rows.IndexOf(effective) + 1];
        Assert.Matches($@"^superseded\s+{before}\s+official\s", superseded);
        Assert.EndsWith(official, superseded);

        // Scripts read --format json: it is the gateway's body, byte for byte.
        var json = await RunAsync("ranking", "2077", "--format", "json");
        Assert.True(json.Code == 0, json.All);
        Assert.Equal(await _system.Gateway.GetStringAsync("/api/rankings/2077", HttpStatusCode.OK) + "\n", json.Out);
        var status = await RunAsync("status", revised, "--format", "json");
        Assert.Equal(revised, JsonDocument.Parse(status.Out).RootElement.GetProperty("releaseId").GetString());

        var unknown = await RunAsync("history", "655900");
        Assert.True(unknown.Code == 4, unknown.All);
    }

    [Fact]
    public async Task Changes_prints_what_a_revision_changed_and_watch_prints_each_digest_until_ctrl_c()
    {
        var (a, b, c) = (TestCodes.City(0), TestCodes.City(1), TestCodes.City(2));
        const decimal aBefore = 500m, aAfter = 700m, bTotal = 600m, cTotal = 100m;
        var official = TestReleases.UniqueId("cli-2066-official");
        var revised = TestReleases.UniqueId("cli-2066-revised");

        // watch is following the feed before either release is pushed.
        await using var watch = await WatchProcess.StartAsync(CliProcess.Dll, _system);
        foreach (var (id, stage, total, published) in new[] { (official, "official", aBefore, "2067-01-20T08:00:00+08:00"), (revised, "revised", aAfter, "2067-03-01T08:00:00+08:00") })
        {
            var file = WriteFile($"{id}.json", TestReleases.Json(id, "2066", [(a, total), (b, bTotal), (c, cTotal)], stage: stage, publishedAt: published));
            var push = await RunAsync("push", file, "--wait");
            Assert.True(push.Code == 0, push.All);
        }

        var changes = await RunAsync("changes", revised);
        Assert.True(changes.Code == 0, changes.All);
        var lines = changes.Out.Split('\n').Select(l => l.Trim()).ToList();
        var pct = Math.Round((aAfter / aBefore - 1) * 100, 2);
        Assert.Single(lines, l => Regex.IsMatch(l, $@"^{a}\s.*\stotal\s+{aBefore}\s+{aAfter}\s+\+{aAfter - aBefore}\s+\+{pct:0.00}$"));
        // a passes b: ranks 2 and 1 swap; c keeps its place and is not listed.
        var ranks = lines[(lines.IndexOf("Rank changes") + 1)..];
        Assert.Single(ranks, l => Regex.IsMatch(l, $@"^{a}\s.*\s2\s+1$"));
        Assert.Single(ranks, l => Regex.IsMatch(l, $@"^{b}\s.*\s1\s+2$"));
        Assert.DoesNotContain(ranks, l => l.StartsWith(c, StringComparison.Ordinal));
        var json = await RunAsync("changes", revised, "--format", "json");
        Assert.Equal(await _system.Gateway.GetStringAsync($"/api/releases/{revised}/changes", HttpStatusCode.OK) + "\n", json.Out);
        Assert.True((await RunAsync("changes", "no-such-release")).Code == 4);

        // Each digest, once, in the order applied; the revision's names its biggest change.
        var printed = await watch.UntilAsync(o => o.Contains($"release {revised} applied", StringComparison.Ordinal));
        var headers = printed.Split('\n').Where(l => l.StartsWith("release cli-2066-", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, headers.Count);
        Assert.StartsWith($"release {official} applied · period 2066 · official · 3 cities", headers[0]);
        Assert.StartsWith($"release {revised} applied · period 2066 · revised · 3 cities", headers[1]);
        Assert.Contains($"  biggest changes: {a} total {aBefore} -> {aAfter} (+{aAfter - aBefore})", printed);
        var (code, error) = await watch.InterruptAsync();
        Assert.True(code == 0, $"watch exited {code}: {error}");
    }

    public void Dispose() => _files.Delete(recursive: true);
}
