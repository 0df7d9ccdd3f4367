namespace TradeMesh.EndToEnd.Tests.Messaging;

/// <summary>
/// The least-privilege broker users of deploy/rabbitmq/definitions.json: `publisher` (configure
/// `^$`, write `^trademesh\.releases$`, read `^$`) can publish a release and nothing else; each
/// service's user reaches only its own queues. The test system's vhost gets the file's permissions.
/// </summary>
[Collection(SystemCollection.Name)]
public sealed class PublisherUserTests(SystemFixture fixture)
{
    private readonly TradeMeshSystem _system = fixture.System;

    // One AMQP operation as `publisher`; prints "ok" or "refused <code> <text>" (anything else fails).
    private const string PikaScript = """
        import sys, pika
        from pika.exceptions import ChannelClosedByBroker, ConnectionClosedByBroker
        uri, action, name = sys.argv[1], sys.argv[2], sys.argv[3]
        connection = pika.BlockingConnection(pika.URLParameters(uri))
        channel = connection.channel()
        try:
            if action == "publish":
                channel.confirm_delivery()
                channel.basic_publish(exchange="trademesh.releases", routing_key="", body=sys.stdin.buffer.read(), mandatory=True,
                    properties=pika.BasicProperties(content_type="application/json", delivery_mode=2))
            elif action == "declare":
                channel.queue_declare(queue=name, durable=False, auto_delete=True)
            elif action == "bind":
                channel.queue_bind(queue=name, exchange="trademesh.releases", routing_key="")
            elif action == "consume":
                channel.basic_consume(queue=name, on_message_callback=lambda *a: None, auto_ack=False)
            elif action == "get":
                channel.basic_get(queue=name, auto_ack=False)
            else:
                raise SystemExit("unknown action " + action)
            print("ok")
        except (ChannelClosedByBroker, ConnectionClosedByBroker) as e:
            print("refused %s %s" % (e.reply_code, e.reply_text))
        try:
            connection.close()
        except Exception:
            pass
        """;

    private async Task GrantPublisherPermissionsAsync()
    {
        using var management = TradeMeshSystem.ManagementClient();
        using (var user = await management.GetAsync("api/users/publisher"))
            Assert.True(user.IsSuccessStatusCode, $"the test broker has no 'publisher' user (deploy/local/lib.sh creates it): {(int)user.StatusCode}");
        using var granted = await management.GetAsync($"api/permissions/{Uri.EscapeDataString(_system.VirtualHost)}/publisher");
        Assert.True(granted.IsSuccessStatusCode, $"publisher has no permissions on {_system.VirtualHost}: {(int)granted.StatusCode}");
    }

    private Uri PublisherAmqp => _system.ServiceAmqp("publisher");

    private Task<string> AsPublisherAsync(string action, string name = "", string stdin = "") => AsUserAsync(PublisherAmqp, action, name, stdin);

    private static async Task<string> AsUserAsync(Uri amqp, string action, string name = "", string stdin = "")
    {
        var info = new ProcessStartInfo("/usr/bin/python3", ["-c", PikaScript, amqp.ToString(), action, name])
        {
            RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        };
        using var process = Process.Start(info)!;
        await process.StandardInput.WriteAsync(stdin);
        process.StandardInput.Close();
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, $"pika {action} failed ({process.ExitCode}): {await errors}");
        return (await output).Trim();
    }

    private static void AssertRefused(string outcome, string what)
    {
        Assert.True(outcome.StartsWith("refused 403 ACCESS_REFUSED", StringComparison.Ordinal), $"{what}: expected ACCESS_REFUSED (403), got '{outcome}'");
    }

    [Fact]
    public async Task Publisher_can_publish_a_release_that_ends_applied()
    {
        await GrantPublisherPermissionsAsync();
        var id = TestReleases.UniqueId("publisher-user");
        var outcome = await AsPublisherAsync("publish", stdin: TestReleases.Json(id, "2130", [("651300", 130), ("651301", 131)]));
        Assert.Equal("ok", outcome);

        await _system.WaitAppliedAsync(id);
        var ranking = await _system.Gateway.GetJsonAsync("/api/rankings/2130");
        Assert.Contains(ranking.GetProperty("entries").EnumerateArray(), e => e.GetProperty("releaseId").GetString() == id);
    }

    [Fact]
    public async Task Publisher_cannot_declare_a_queue()
    {
        await GrantPublisherPermissionsAsync();
        AssertRefused(await AsPublisherAsync("declare", $"publisher-probe-{Guid.NewGuid():N}"), "queue.declare");
    }

    [Fact]
    public async Task Publisher_cannot_bind_a_queue_to_the_releases_exchange()
    {
        await GrantPublisherPermissionsAsync();
        AssertRefused(await AsPublisherAsync("bind", "trademesh.releases"), "queue.bind");
    }

    [Fact]
    public async Task Publisher_cannot_consume_from_the_releases_queue()
    {
        await GrantPublisherPermissionsAsync();
        AssertRefused(await AsPublisherAsync("consume", "trademesh.releases"), "basic.consume");
        AssertRefused(await AsPublisherAsync("get", "trademesh.releases"), "basic.get");
    }

    /// <summary>Each service's user may consume its own queue and not the other service's.</summary>
    [Theory]
    [InlineData("ingestion", "trademesh.releases", "trademesh.projections")]
    [InlineData("projections", "trademesh.projections", "trademesh.releases")]
    public async Task A_service_user_reads_only_its_own_queue(string user, string own, string other)
    {
        Assert.Equal("ok", await AsUserAsync(_system.ServiceAmqp(user), "get", own));
        AssertRefused(await AsUserAsync(_system.ServiceAmqp(user), "get", other), $"{user} basic.get on {other}");
        AssertRefused(await AsUserAsync(_system.ServiceAmqp(user), "declare", $"probe-{Guid.NewGuid():N}"), $"{user} queue.declare");
    }

    [Fact]
    public async Task There_is_no_guest_user()
    {
        using var management = TradeMeshSystem.ManagementClient();
        using var guest = await management.GetAsync("api/users/guest");
        Assert.Equal(System.Net.HttpStatusCode.NotFound, guest.StatusCode);
    }
}
