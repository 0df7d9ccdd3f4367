namespace TradeMesh.Cli.Tests;

/// <summary>`trademesh watch` against canned Server-Sent Events streams.</summary>
public sealed class WatchTests
{
    private static string Applied(string releaseId, string period) => $$$"""
        {"releaseId":"{{{releaseId}}}","period":"{{{period}}}","stage":"preliminary","publishedAt":"2026-01-20T08:00:00+08:00","cities":22,"appliedAt":"2026-01-20T00:00:05Z","warnings":[],"digest":{"enteredTopTen":["330700"],"firstTimeMilestones":[{"cityCode":"330700","threshold":10000}],"overtakes":[{"cityCode":"441900","overtakenCityCode":"330200"}],"biggestChanges":[{"cityCode":"440300","name":"Shenzhen","measure":"total","before":null,"after":45500,"delta":45500,"deltaPct":null}]}}
        """;

    private static HttpResponseMessage Events(string text) =>
        new(HttpStatusCode.OK) { Content = new StringContent(text, Encoding.UTF8, "text/event-stream") };

    [Fact]
    public async Task Each_digest_is_printed_a_dropped_feed_resumes_after_the_last_id_and_ctrl_c_exits_0()
    {
        using var stop = new CancellationTokenSource();
        var lastEventIds = new List<string?>();
        var gateway = new StubGateway(request =>
        {
            lastEventIds.Add(request.Headers.TryGetValues("Last-Event-ID", out var ids) ? ids.Single() : null);
            return lastEventIds.Count switch
            {
                // A comment, an event of another type, then a digest; the server asks for a quick retry, then the connection drops.
                1 => Events($"retry: 10\n\n: keep-alive\n\nevent: other\ndata: ignored\nid: 6\n\nevent: release-applied\nid: 7\ndata: {Applied("first", "2024")}\n\n"),
                2 => Events($"event: release-applied\nid: 8\ndata: {Applied("second", "2025")}\n\n"),
                _ => Stop(),
            };
        });
        HttpResponseMessage Stop()
        {
            stop.Cancel(); // the user presses Ctrl-C
            return Events("");
        }

        var (code, output, error) = await Cli.RunAsync(gateway, stop.Token, "watch");

        Assert.True(code == 0, error);
        Assert.Equal([null, "7", "8"], lastEventIds);
        Assert.Equal("text/event-stream", gateway.Requests[0].Headers.Accept.Single().MediaType);
        Assert.Equal("/api/feed", gateway.Requests[0].RequestUri!.PathAndQuery);
        var lines = output.Split(Environment.NewLine);
        Assert.Equal(2, lines.Count(l => l.StartsWith("release ", StringComparison.Ordinal)));
        Assert.StartsWith("release first applied · period 2024 · preliminary · 22 cities", lines[0]);
        Assert.Contains("  entered the top ten: 330700", lines);
        Assert.Contains("  first time over: 330700 10,000", lines);
        Assert.Contains("  overtakes: 441900 > 330200", lines);
        Assert.Contains("  biggest changes: 440300 total  -> 45,500 (+45,500)", lines);
        Assert.DoesNotContain("ignored", output);
        Assert.Contains("reconnecting", error);
    }

    [Fact]
    public async Task Json_prints_each_events_data_as_one_line_and_since_resumes_from_that_id()
    {
        using var stop = new CancellationTokenSource();
        var gateway = new StubGateway(request =>
        {
            if (request.Headers.TryGetValues("Last-Event-ID", out var ids) && ids.Single() == "41")
                return Events($"event: release-applied\nid: 42\ndata: {Applied("a", "2025")}\n\n");
            stop.Cancel();
            return Events("");
        });

        var (code, output, _) = await Cli.RunAsync(gateway, stop.Token, "watch", "--since", "41", "--format", "json");

        Assert.Equal(0, code);
        Assert.Equal(Applied("a", "2025") + Environment.NewLine, output);
    }

    [Theory]
    [InlineData(HttpStatusCode.NotFound, 4)]
    [InlineData(HttpStatusCode.Unauthorized, 1)]
    public async Task A_feed_that_is_refused_ends_with_its_exit_code(HttpStatusCode status, int exit)
    {
        var (code, _, error) = await Cli.RunAsync(StubGateway.Json("""{"title":"Not Found"}""", status), "watch");

        Assert.Equal(exit, code);
        Assert.Contains(((int)status).ToString(System.Globalization.CultureInfo.InvariantCulture), error);
    }

    [Fact]
    public async Task A_gateway_that_cannot_be_reached_at_the_start_exits_3()
    {
        var (code, _, error) = await Cli.RunAsync("watch", "--gateway", "http://127.0.0.1:1");

        Assert.Equal(3, code);
        Assert.Contains("cannot reach the gateway at http://127.0.0.1:1/", error);
    }
}
