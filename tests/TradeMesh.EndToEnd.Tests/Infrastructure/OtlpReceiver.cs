using System.IO.Compression;
using System.Net;
using System.Net.Sockets;

namespace TradeMesh.EndToEnd.Tests.Infrastructure;

/// <summary>
/// An OTLP/HTTP (http/protobuf) receiver on 127.0.0.1, standing in for the collector or Jaeger that
/// cannot run here: services started with OTEL_EXPORTER_OTLP_ENDPOINT = <see cref="Endpoint"/>
/// export their spans to it, and tests assert on <see cref="Spans"/>. Metrics and logs are
/// accepted and dropped, so the exporters see success and do not retry or log failures.
/// </summary>
public sealed class OtlpReceiver : IAsyncDisposable
{
    private readonly HttpListener _listener;
    private readonly Task _loop;
    private readonly List<ReceivedSpan> _spans = [];
    private readonly List<string> _errors = [];
    private readonly Dictionary<string, int> _requests = [];

    public Uri Endpoint { get; }

    private OtlpReceiver(HttpListener listener, Uri endpoint)
    {
        _listener = listener;
        Endpoint = endpoint;
        _loop = Task.Run(AcceptLoopAsync);
    }

    public static Task<OtlpReceiver> StartAsync()
    {
        // HttpListener cannot bind port 0, so take a port the OS says is free; another process may
        // grab it between the check and the bind, hence a few tries.
        for (var attempt = 1; ; attempt++)
        {
            var port = FreePort();
            var listener = new HttpListener();
            listener.Prefixes.Add($"http://127.0.0.1:{port}/");
            try
            {
                listener.Start();
                return Task.FromResult(new OtlpReceiver(listener, new Uri($"http://127.0.0.1:{port}")));
            }
            catch (HttpListenerException) when (attempt < 5)
            {
                listener.Close();
            }
        }
    }

    /// <summary>Every span received so far, in arrival order.</summary>
    public IReadOnlyList<ReceivedSpan> Spans
    {
        get { lock (_spans) return [.. _spans]; }
    }

    /// <summary>
    /// Waits until <paramref name="condition"/> holds over all spans received so far. Exporters
    /// send in batches on a timer, so a test can only wait for what it expects, never "all".
    /// </summary>
    public async Task<IReadOnlyList<ReceivedSpan>> WaitForAsync(Func<IReadOnlyList<ReceivedSpan>, bool> condition, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var spans = Spans;
            if (condition(spans)) return spans;
            if (DateTime.UtcNow >= deadline) throw new TimeoutException($"spans not as expected after {timeout}.\n{Summary(spans)}");
            await Task.Delay(100);
        }
    }

    /// <summary>What arrived, grouped so a failing test says at once which service or span is missing.</summary>
    public string Summary(IReadOnlyList<ReceivedSpan>? spans = null)
    {
        spans ??= Spans;
        List<string> lines;
        lock (_spans) lines = [$"requests: {(_requests.Count == 0 ? "none" : string.Join(", ", _requests.Select(r => $"{r.Key} x{r.Value}")))}"];
        lines.Add($"{spans.Count} spans in {spans.Select(s => s.TraceId).Distinct().Count()} traces");
        lines.AddRange(spans.GroupBy(s => (s.ServiceName, s.ScopeName, s.Name, s.Kind))
            .OrderBy(g => g.Key.ServiceName).ThenBy(g => g.Key.Name)
            .Select(g => $"  {g.Key.ServiceName} | {g.Key.ScopeName} | {g.Key.Name} (kind {g.Key.Kind}) x{g.Count()} in {g.Select(s => s.TraceId).Distinct().Count()} traces"));
        lock (_spans) lines.AddRange(_errors.Select(e => "  error: " + e));
        return string.Join('\n', lines);
    }

    private async Task AcceptLoopAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try { context = await _listener.GetContextAsync(); }
            catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException or InvalidOperationException) { return; } // stopped
            _ = Task.Run(() => HandleAsync(context));
        }
    }

    private async Task HandleAsync(HttpListenerContext context)
    {
        var request = context.Request;
        var response = context.Response;
        var path = request.Url?.AbsolutePath ?? "";
        lock (_spans) _requests[path] = _requests.GetValueOrDefault(path) + 1;
        try
        {
            response.StatusCode = (request.HttpMethod, path) switch
            {
                ("POST", "/v1/traces") => Traces(await ReadBodyAsync(request)),
                ("POST", "/v1/metrics" or "/v1/logs") => Drain(await ReadBodyAsync(request)),
                ("POST", _) => 404,
                _ => 405,
            };
            // An empty Export*ServiceResponse encodes as zero bytes: no partial_success.
            response.ContentType = "application/x-protobuf";
            response.ContentLength64 = 0;
        }
        catch (Exception ex)
        {
            lock (_spans) _errors.Add($"{request.HttpMethod} {path}: {ex.GetType().Name}: {ex.Message}");
            response.StatusCode = ex is InvalidDataException ? 400 : 500;
        }
        finally
        {
            try { response.Close(); }
            catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException) { /* the exporter hung up */ }
        }
    }

    private int Traces(byte[] body)
    {
        var spans = OtlpTraceDecoder.Decode(body);
        lock (_spans) _spans.AddRange(spans);
        return 200;
    }

    private static int Drain(byte[] _) => 200;

    /// <summary>The request body, un-gzipped when the exporter compressed it (OTEL_EXPORTER_OTLP_COMPRESSION=gzip).</summary>
    private static async Task<byte[]> ReadBodyAsync(HttpListenerRequest request)
    {
        var encoding = request.Headers["Content-Encoding"]?.Trim();
        Stream body = request.InputStream;
        if (string.Equals(encoding, "gzip", StringComparison.OrdinalIgnoreCase)) body = new GZipStream(body, CompressionMode.Decompress);
        else if (!string.IsNullOrEmpty(encoding) && !string.Equals(encoding, "identity", StringComparison.OrdinalIgnoreCase))
            throw new InvalidDataException($"Content-Encoding {encoding} not supported");
        var contentType = request.ContentType ?? "";
        if (!contentType.StartsWith("application/x-protobuf", StringComparison.OrdinalIgnoreCase))
            throw new InvalidDataException($"Content-Type {contentType} not supported: set OTEL_EXPORTER_OTLP_PROTOCOL=http/protobuf");
        await using (body)
        {
            using var buffer = new MemoryStream();
            await body.CopyToAsync(buffer);
            return buffer.ToArray();
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        _listener.Stop();
        _listener.Close();
        await _loop;
    }
}
