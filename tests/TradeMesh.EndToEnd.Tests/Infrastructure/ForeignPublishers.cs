namespace TradeMesh.EndToEnd.Tests.Infrastructure;

/// <summary>
/// Publishers that are not .NET, as real publishers are: Python with pika (python3-pika) and the
/// amqp-tools command line (both installed by deploy/local/test.sh). Each publishes the body to the
/// trademesh.releases exchange as a persistent application/json message and fails the test if the
/// client fails.
/// </summary>
public static class ForeignPublishers
{
    private const string PikaScript = """
        import sys, pika
        uri, traceparent = sys.argv[1], sys.argv[2]
        body = sys.stdin.buffer.read()
        connection = pika.BlockingConnection(pika.URLParameters(uri))
        channel = connection.channel()
        channel.confirm_delivery()
        headers = {"traceparent": traceparent} if traceparent else None
        channel.basic_publish(exchange="trademesh.releases", routing_key="", body=body, mandatory=True,
            properties=pika.BasicProperties(content_type="application/json", delivery_mode=2, headers=headers))
        connection.close()
        """;

    // Debian's interpreter, where python3-pika is installed (a python3 earlier on PATH may lack it).
    public static Task PublishWithPikaAsync(Uri amqp, string body, string? traceparent = null) =>
        RunAsync("/usr/bin/python3", ["-c", PikaScript, amqp.ToString(), traceparent ?? ""], body);

    public static Task PublishWithAmqpToolsAsync(Uri amqp, string body) =>
        RunAsync("amqp-publish", ["--url", amqp.ToString().TrimEnd('/'), "--exchange", "trademesh.releases", "--routing-key", "",
            "--content-type", "application/json", "--persistent"], body);

    private static async Task RunAsync(string program, string[] args, string stdin)
    {
        var info = new ProcessStartInfo(program, args)
        {
            RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        };
        using var process = Process.Start(info)!;
        await process.StandardInput.WriteAsync(stdin);
        process.StandardInput.Close();
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, $"{program} failed ({process.ExitCode}): {await errors}");
    }
}
