using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using TradeMesh.EndToEnd.Tests.Infrastructure;

namespace TradeMesh.EndToEnd.Tests.Deployment;

/// <summary>
/// The test OTLP receiver against the real exporter: the gateway, run from its build output with
/// the standard OTEL_* variables, must deliver spans the receiver decodes. Needs neither
/// PostgreSQL nor RabbitMQ: the backends are left down and the gateway answers 502.
/// </summary>
public sealed class OtlpReceiverTests
{
    [Fact]
    public async Task Receives_the_server_and_client_spans_the_gateway_exports()
    {
        await using var receiver = await OtlpReceiver.StartAsync();
        var logDir = Path.Combine(TestEnvironment.RepoRoot, "TestResults", "logs", $"otlp_{Guid.NewGuid():N}"[..20]);
        // A port nothing listens on, so the proxied call is refused at once (not the default 5101/5102,
        // which a locally running system may own).
        var down = $"http://127.0.0.1:{FreePort()}/";
        await using var gateway = ServiceProcess.Start("gateway", "gateway/TradeMesh.Gateway", logDir, new Dictionary<string, string>
        {
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = receiver.Endpoint.ToString().TrimEnd('/'),
            ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
            ["OTEL_BSP_SCHEDULE_DELAY"] = "200",
            ["ReverseProxy__Clusters__ingestion__Destinations__primary__Address"] = down,
            ["ReverseProxy__Clusters__projections__Destinations__primary__Address"] = down,
        });
        using var http = new HttpClient { BaseAddress = gateway.Address, Timeout = TimeSpan.FromSeconds(30) };
        await WaitAliveAsync(gateway, http);

        using var response = await http.GetAsync("/api/periods");
        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);

        var spans = await receiver.WaitForAsync(s => ProxiedCall(s) is not null, TimeSpan.FromSeconds(30));
        var (request, client, parent) = ProxiedCall(spans)!.Value;
        Assert.Equal("TradeMesh.Gateway", request.ServiceName);
        Assert.Matches("^[0-9a-f]{32}$", request.TraceId);
        Assert.DoesNotMatch("^0+$", request.TraceId);
        Assert.Null(request.ParentSpanId);
        Assert.Equal("502", request.Attributes.GetValueOrDefault("http.response.status_code"));
        Assert.Matches("^[0-9a-f]{16}$", client.SpanId);
        Assert.EndsWith("/api/periods", client.Attributes.GetValueOrDefault("url.full"));
        // The client's direct parent is a server span: YARP's own proxy.forwarder (kind 2) sits
        // between the ASP.NET Core request span and the outgoing call.
        Assert.Equal(ReceivedSpan.Server, parent.Kind);
        Assert.True(request.Start <= client.Start && client.End <= request.End,
            $"client {client.Start:O}..{client.End:O} outside request {request.Start:O}..{request.End:O}");
        // /alive was called to wait for the start: probes are filtered out of the traces.
        Assert.DoesNotContain(spans, s => s.Attributes.GetValueOrDefault("url.path") == "/alive");
    }

    /// <summary>
    /// What the gateway does not send: gzip, links, non-string attributes, fields in an unusual
    /// order and unknown fields. Encoded by hand after opentelemetry-proto trace.proto/common.proto.
    /// </summary>
    [Fact]
    public async Task Decodes_a_gzipped_request_with_links_typed_attributes_and_unknown_fields()
    {
        byte[] trace = [.. Enumerable.Range(1, 16).Select(i => (byte)i)], span = [0xAB, 0, 0, 0, 0, 0, 0, 0xCD], parent = [1, 2, 3, 4, 5, 6, 7, 8];
        var spanMessage = Concat(
            Len(99, [1, 2, 3]), // unknown field: skipped
            Len(5, "settle"u8.ToArray()), Len(1, trace), Len(2, span), Len(4, parent), Varint(6, 5),
            Fixed64(7, 1_700_000_000_000_000_100), Fixed64(8, 1_700_000_001_000_000_000),
            Len(9, Attribute("n", Varint(3, unchecked((ulong)-42)))), Len(9, Attribute("ok", Varint(2, 1))),
            Len(9, Attribute("x", Fixed64(4, (ulong)BitConverter.DoubleToInt64Bits(2.5)))),
            Len(9, Attribute("list", Len(5, Concat(Len(1, Len(1, "a"u8.ToArray())), Len(1, Varint(3, 7)))))),
            Len(13, Concat(Len(1, trace), Len(2, parent))), Len(15, Varint(3, 2)), Fixed32(16, 0x101));
        var resourceSpans = Concat(
            Len(2, Concat(Len(2, spanMessage), Len(1, Len(1, "TradeMesh"u8.ToArray())))), // scope_spans before resource
            Len(1, Len(1, Attribute("service.name", Len(1, "svc"u8.ToArray())))));
        var body = new MemoryStream();
        await using (var gzip = new GZipStream(body, CompressionLevel.Fastest, leaveOpen: true)) gzip.Write(Len(1, resourceSpans));

        await using var receiver = await OtlpReceiver.StartAsync();
        using var http = new HttpClient { BaseAddress = receiver.Endpoint };
        foreach (var (path, content) in new[] { ("/v1/traces", body.ToArray()), ("/v1/metrics", [8, 1]), ("/v1/logs", []) })
        {
            using var request = new ByteArrayContent(content);
            request.Headers.ContentType = new MediaTypeHeaderValue("application/x-protobuf");
            if (path == "/v1/traces") request.Headers.ContentEncoding.Add("gzip");
            using var response = await http.PostAsync(path, request);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{path}: {(int)response.StatusCode}\n{receiver.Summary()}");
            Assert.Empty(await response.Content.ReadAsByteArrayAsync());
        }

        var received = Assert.Single(await receiver.WaitForAsync(s => s.Count > 0, TimeSpan.FromSeconds(5)));
        Assert.Equal(new ReceivedSpan("0102030405060708090a0b0c0d0e0f10", "ab000000000000cd", "0102030405060708", "settle", ReceivedSpan.Consumer,
            "svc", "TradeMesh", received.Attributes, received.Links, DateTime.UnixEpoch.AddTicks(17_000_000_000_000_001), DateTime.UnixEpoch.AddTicks(17_000_000_010_000_000)), received);
        Assert.Equal(new Dictionary<string, string> { ["n"] = "-42", ["ok"] = "true", ["x"] = "2.5", ["list"] = "[a,7]" }, received.Attributes);
        Assert.Equal([("0102030405060708090a0b0c0d0e0f10", "0102030405060708")], received.Links);
    }

    private static byte[] Tag(int field, int wire) => VarintBytes((ulong)(field << 3 | wire));
    private static byte[] Varint(int field, ulong value) => Concat(Tag(field, 0), VarintBytes(value));
    private static byte[] Fixed64(int field, ulong value) => Concat(Tag(field, 1), BitConverter.GetBytes(value));
    private static byte[] Fixed32(int field, uint value) => Concat(Tag(field, 5), BitConverter.GetBytes(value));
    private static byte[] Len(int field, byte[] value) => Concat(Tag(field, 2), VarintBytes((ulong)value.Length), value);
    private static byte[] Attribute(string key, byte[] anyValue) => Concat(Len(1, System.Text.Encoding.UTF8.GetBytes(key)), Len(2, anyValue));
    private static byte[] Concat(params byte[][] parts) => [.. parts.SelectMany(p => p)];

    private static byte[] VarintBytes(ulong value)
    {
        var bytes = new List<byte>();
        for (; value >= 0x80; value >>= 7) bytes.Add((byte)(value | 0x80));
        bytes.Add((byte)value);
        return [.. bytes];
    }

    /// <summary>
    /// The gateway's ASP.NET Core span for GET /api/periods, the client span of the call it
    /// proxied, and that client span's direct parent, when the client descends from the request.
    /// Batches arrive on a timer, so this stays null until all of them are in.
    /// </summary>
    private static (ReceivedSpan Request, ReceivedSpan Client, ReceivedSpan Parent)? ProxiedCall(IReadOnlyList<ReceivedSpan> spans)
    {
        var byId = spans.GroupBy(s => (s.TraceId, s.SpanId)).ToDictionary(g => g.Key, g => g.First());
        foreach (var request in spans.Where(s => s.ServiceName == "TradeMesh.Gateway" && s.ScopeName == "Microsoft.AspNetCore"
                     && s.Kind == ReceivedSpan.Server && s.Attributes.GetValueOrDefault("url.path") == "/api/periods"))
        foreach (var client in spans.Where(s => s.Kind == ReceivedSpan.Client && s.TraceId == request.TraceId && s.ParentSpanId is not null))
        {
            if (!byId.TryGetValue((client.TraceId, client.ParentSpanId!), out var parent)) continue;
            for (var ancestor = parent; ancestor is not null;
                 ancestor = ancestor.ParentSpanId is { } up ? byId.GetValueOrDefault((ancestor.TraceId, up)) : null)
                if (ReferenceEquals(ancestor, request)) return (request, client, parent);
        }
        return null;
    }

    private static async Task WaitAliveAsync(ServiceProcess gateway, HttpClient http)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            if (gateway.HasExited) throw new InvalidOperationException($"gateway exited during start:\n{gateway.LogTail()}");
            try
            {
                using var alive = await http.GetAsync("/alive");
                if (alive.IsSuccessStatusCode) return;
            }
            catch (HttpRequestException) { /* not listening yet */ }
            await Task.Delay(200);
        }
        throw new TimeoutException($"gateway not alive:\n{gateway.LogTail()}");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
