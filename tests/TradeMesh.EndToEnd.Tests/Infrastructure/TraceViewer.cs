namespace TradeMesh.EndToEnd.Tests.Infrastructure;

/// <summary>
/// The trace viewer of the local run (the Aspire Dashboard from NuGet, as deploy/local/lib.sh starts
/// it), run for one test on free loopback ports: the services export to its OTLP endpoint, the test
/// reads the spans back through its JSON API (/api/telemetry/..., OTLP JSON) and opens its pages.
/// </summary>
public sealed class TraceViewer : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StreamWriter _log;
    private readonly HttpClient _api;

    /// <summary>The UI and the query API.</summary>
    public Uri Address { get; }
    public Uri OtlpGrpc { get; }
    public string LogPath { get; }

    private TraceViewer(Process process, StreamWriter log, Uri address, Uri otlpGrpc, string logPath)
    {
        _process = process; _log = log; Address = address; OtlpGrpc = otlpGrpc; LogPath = logPath;
        _api = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(30) };
    }

    /// <summary>
    /// What a service needs to export to this viewer, as up.sh sets it (gRPC), with short batch
    /// and metric intervals so a test does not wait out the defaults (5 s spans, 60 s metrics).
    /// </summary>
    public Dictionary<string, string> ExporterEnvironment() => new()
    {
        ["OTEL_EXPORTER_OTLP_ENDPOINT"] = OtlpGrpc.ToString().TrimEnd('/'),
        ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "grpc",
        ["OTEL_BSP_SCHEDULE_DELAY"] = "200",
        ["OTEL_METRIC_EXPORT_INTERVAL"] = "1000",
    };

    /// <param name="label">Names its log, TestResults/logs/trace-viewer-LABEL.log.</param>
    public static async Task<TraceViewer> StartAsync(string label)
    {
        int ui = ServiceProcess.FreePort(), grpc = ServiceProcess.FreePort(), http = ServiceProcess.FreePort();
        var address = new Uri($"http://127.0.0.1:{ui}/");
        var logDir = Path.Combine(TestEnvironment.RepoRoot, "TestResults", "logs");
        Directory.CreateDirectory(logDir);
        var logPath = Path.Combine(logDir, $"trace-viewer-{label}.log");
        var info = new ProcessStartInfo(TestEnvironment.TraceViewerBinary)
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
            // The same settings as lib.sh's start_trace_viewer: loopback, no login token, the API on.
            Environment =
            {
                ["ASPNETCORE_URLS"] = address.ToString().TrimEnd('/'),
                ["ASPIRE_DASHBOARD_OTLP_ENDPOINT_URL"] = $"http://127.0.0.1:{grpc}",
                ["ASPIRE_DASHBOARD_OTLP_HTTP_ENDPOINT_URL"] = $"http://127.0.0.1:{http}",
                ["DASHBOARD__FRONTEND__AUTHMODE"] = "Unsecured",
                ["DASHBOARD__OTLP__AUTHMODE"] = "Unsecured",
                ["DASHBOARD__API__ENABLED"] = "true",
                ["DASHBOARD__API__AUTHMODE"] = "Unsecured",
            },
        };
        var log = new StreamWriter(logPath, append: true) { AutoFlush = true };
        var process = new Process { StartInfo = info };
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (log) log.WriteLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (log) log.WriteLine(e.Data); };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        var viewer = new TraceViewer(process, log, address, new Uri($"http://127.0.0.1:{grpc}/"), logPath);
        try
        {
            await viewer.WaitReadyAsync(TimeSpan.FromSeconds(60));
        }
        catch
        {
            await viewer.DisposeAsync();
            throw;
        }
        return viewer;
    }

    private async Task WaitReadyAsync(TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited) throw new InvalidOperationException($"the trace viewer exited during start; see {LogPath}");
            try
            {
                using var response = await _api.GetAsync("api/telemetry/resources");
                if (response.IsSuccessStatusCode) return;
            }
            catch (HttpRequestException) { /* not listening yet */ }
            await Task.Delay(200);
        }
        throw new TimeoutException($"the trace viewer did not answer within {timeout}; see {LogPath}");
    }

    /// <summary>The viewer's page of one trace (what Tracing:ViewerUrl points the local run at).</summary>
    public string TracePage(string traceId) => new Uri(Address, $"traces/detail/{traceId}").ToString();

    /// <summary>Every span of one trace the viewer holds; none while it knows no such trace (its API answers 404).</summary>
    public async Task<IReadOnlyList<ViewerSpan>> TraceAsync(string traceId)
    {
        using var response = await _api.GetAsync($"api/telemetry/traces/{traceId}");
        if (response.StatusCode == HttpStatusCode.NotFound) return [];
        response.EnsureSuccessStatusCode();
        return ViewerSpan.Parse(await response.Content.ReadAsStringAsync());
    }

    /// <summary>The latest spans of one service (the viewer's resource, named by service.name).</summary>
    public async Task<IReadOnlyList<ViewerSpan>> SpansAsync(string service, int limit = 10_000)
    {
        using var response = await _api.GetAsync($"api/telemetry/spans?resource={Uri.EscapeDataString(service)}&limit={limit}");
        // 404: the viewer has heard nothing from that service yet.
        if (response.StatusCode == HttpStatusCode.NotFound) return [];
        response.EnsureSuccessStatusCode();
        return ViewerSpan.Parse(await response.Content.ReadAsStringAsync());
    }

    /// <summary>Polls <paramref name="read"/> until <paramref name="done"/> holds; spans arrive in batches on a timer.</summary>
    public static async Task<T> WaitForAsync<T>(Func<Task<T>> read, Func<T, bool> done, TimeSpan timeout, Func<T, string> describe)
    {
        var deadline = DateTime.UtcNow + timeout;
        var last = await read();
        while (!done(last))
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"not in the viewer after {timeout}:\n{describe(last)}");
            await Task.Delay(250);
            last = await read();
        }
        return last;
    }

    public async ValueTask DisposeAsync()
    {
        _api.Dispose();
        if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
        _process.Dispose();
        lock (_log) _log.Dispose();
    }
}

/// <summary>One span as the viewer's API returns it (OTLP JSON; the viewer gives every attribute as a string).</summary>
public sealed record ViewerSpan(string TraceId, string SpanId, string? ParentSpanId, string Name, int Kind, string ServiceName,
    string ScopeName, IReadOnlyDictionary<string, string> Attributes, IReadOnlyList<(string TraceId, string SpanId)> Links)
{
    // OTLP SpanKind values.
    public const int Internal = 1, Server = 2, Client = 3, Producer = 4, Consumer = 5;

    public override string ToString() => $"{ServiceName} {ScopeName} '{Name}' kind {Kind} {TraceId}/{SpanId} <- {ParentSpanId}";

    public static IReadOnlyList<ViewerSpan> Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        var spans = new List<ViewerSpan>();
        foreach (var resource in document.RootElement.GetProperty("data").GetProperty("resourceSpans").EnumerateArray())
        {
            var service = Strings(resource.GetProperty("resource")).GetValueOrDefault("service.name", "");
            foreach (var scope in resource.GetProperty("scopeSpans").EnumerateArray())
            {
                var scopeName = scope.GetProperty("scope").GetProperty("name").GetString()!;
                foreach (var span in scope.GetProperty("spans").EnumerateArray())
                    spans.Add(new ViewerSpan(span.GetProperty("traceId").GetString()!, span.GetProperty("spanId").GetString()!,
                        span.TryGetProperty("parentSpanId", out var parent) ? parent.GetString() : null,
                        span.GetProperty("name").GetString()!, span.GetProperty("kind").GetInt32(), service, scopeName, Strings(span),
                        span.TryGetProperty("links", out var links) && links.ValueKind == JsonValueKind.Array
                            ? [.. links.EnumerateArray().Select(l => (l.GetProperty("traceId").GetString()!, l.GetProperty("spanId").GetString()!))]
                            : []));
            }
        }
        return spans;
    }

    private static Dictionary<string, string> Strings(JsonElement owner)
    {
        var result = new Dictionary<string, string>();
        if (!owner.TryGetProperty("attributes", out var attributes) || attributes.ValueKind != JsonValueKind.Array) return result;
        foreach (var a in attributes.EnumerateArray())
        {
            var value = a.GetProperty("value");
            result[a.GetProperty("key").GetString()!] = value.TryGetProperty("stringValue", out var s) ? s.GetString() ?? "" : value.ToString();
        }
        return result;
    }
}
