using System.Diagnostics;
using System.Net.Http.Json;
using TradeMesh.EndToEnd.Tests.Infrastructure;
using TradeMesh.EndToEnd.Tests.Spec;

namespace TradeMesh.EndToEnd.Tests.Messaging;

/// <summary>
/// The least-privilege `publisher` RabbitMQ user of deploy/local/lib.sh (configure `^$`, write
/// `^trademesh\.releases$`, read `^$`): it can publish a release and nothing else. lib.sh grants
/// those permissions on vhost `/`; here the same ones are granted on the system's own vhost.
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
        using var put = await management.PutAsJsonAsync($"api/permissions/{Uri.EscapeDataString(_system.VirtualHost)}/publisher",
            new { configure = "^$", write = "^trademesh\\.releases$", read = "^$" });
        Assert.True(put.IsSuccessStatusCode, $"granting publisher on {_system.VirtualHost}: {(int)put.StatusCode} {await put.Content.ReadAsStringAsync()}");
    }

    private Uri PublisherAmqp => new UriBuilder(_system.Amqp) { UserName = "publisher", Password = "publisher" }.Uri;

    private async Task<string> AsPublisherAsync(string action, string name = "", string stdin = "")
    {
        var info = new ProcessStartInfo("/usr/bin/python3", ["-c", PikaScript, PublisherAmqp.ToString(), action, name])
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
}
