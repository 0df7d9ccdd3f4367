using System.Collections.Concurrent;

namespace TradeMesh.EndToEnd.Tests.Infrastructure;

/// <summary>
/// A subscriber that is not .NET, as a real one of TradeReleaseApplied would be: Python with pika
/// (python3-pika, installed by deploy/local/test.sh) on a queue of its own bound to a fanout
/// exchange, acking each message after printing it. Every message it got is in <see cref="Received"/>,
/// in arrival order; the process is the test's and ends with it.
/// </summary>
public sealed class PikaSubscriber : IAsyncDisposable
{
    private const string Script = """
        import sys, json, pika
        uri, exchange = sys.argv[1], sys.argv[2]
        connection = pika.BlockingConnection(pika.URLParameters(uri))
        channel = connection.channel()
        channel.exchange_declare(exchange=exchange, exchange_type="fanout", durable=True)
        queue = channel.queue_declare(queue="", exclusive=True).method.queue
        channel.queue_bind(queue=queue, exchange=exchange)
        print("ready", flush=True)
        def received(ch, method, properties, body):
            print(json.dumps({"messageId": properties.message_id, "type": properties.type, "body": body.decode("utf-8")}), flush=True)
            ch.basic_ack(method.delivery_tag)
        channel.basic_consume(queue=queue, on_message_callback=received)
        channel.start_consuming()
        """;

    public sealed record Message(string? MessageId, string? Type, JsonElement Body);

    private readonly Process _process;
    private readonly ConcurrentQueue<string> _errors = new();

    public ConcurrentQueue<Message> Received { get; } = new();

    private PikaSubscriber(Process process) => _process = process;

    /// <summary>Starts the subscriber and returns once its queue is bound: every later message reaches it.</summary>
    public static async Task<PikaSubscriber> StartAsync(Uri amqp, string exchange)
    {
        // Debian's interpreter, where python3-pika is installed (a python3 earlier on PATH may lack it).
        var info = new ProcessStartInfo("/usr/bin/python3", ["-u", "-c", Script, amqp.ToString(), exchange])
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        };
        var process = new Process { StartInfo = info, EnableRaisingEvents = true };
        var subscriber = new PikaSubscriber(process);
        var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null) return;
            if (e.Data == "ready") { ready.TrySetResult(); return; }
            var line = JsonDocument.Parse(e.Data).RootElement;
            subscriber.Received.Enqueue(new Message(line.GetProperty("messageId").GetString(), line.GetProperty("type").GetString(),
                JsonDocument.Parse(line.GetProperty("body").GetString()!).RootElement.Clone()));
        };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) subscriber._errors.Enqueue(e.Data); };
        process.Exited += (_, _) => ready.TrySetException(new InvalidOperationException($"pika subscriber exited: {subscriber.Errors}"));
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        await ready.Task.WaitAsync(TimeSpan.FromSeconds(30));
        return subscriber;
    }

    /// <summary>What the subscriber wrote to stderr (a failed connection, a traceback).</summary>
    public string Errors => string.Join('\n', _errors);

    public bool HasExited => _process.HasExited;

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited) _process.Kill();
        await _process.WaitForExitAsync();
        _process.Dispose();
    }
}
