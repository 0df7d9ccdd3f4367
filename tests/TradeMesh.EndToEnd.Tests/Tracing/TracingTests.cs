using System.Net;
using System.Text.Json;
using TradeMesh.EndToEnd.Tests.Infrastructure;
using TradeMesh.EndToEnd.Tests.Spec;

namespace TradeMesh.EndToEnd.Tests.Tracing;

/// <summary>
/// One release is one trace, exported over real OTLP by the real services to a receiver in the
/// test process (Jaeger's part): gateway, ingestion, the MassTransit publish, the projection
/// service storing the events in PostgreSQL, and the projection work linked to it.
/// </summary>
public sealed class TracingTests : IAsyncLifetime
{
    private const string ViewerUrlSetting = "Tracing__ViewerUrl";
    private const string ViewerUrl = "http://viewer.test/trace/{traceId}?from=tests";
    private OtlpReceiver _otlp = null!;
    private TradeMeshSystem _system = null!;

    public async Task InitializeAsync()
    {
        _otlp = await OtlpReceiver.StartAsync();
        _system = await TradeMeshSystem.StartAsync("tracing", new Dictionary<string, string>
        {
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = _otlp.Endpoint.ToString(),
            ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
            ["OTEL_BSP_SCHEDULE_DELAY"] = "200",
            [ViewerUrlSetting] = ViewerUrl,
        });
    }

    public async Task DisposeAsync()
    {
        await _system.DisposeAsync();
        await _otlp.DisposeAsync();
    }

    private static bool Has(IEnumerable<ReceivedSpan> trace, string service, Func<ReceivedSpan, bool> what) =>
        trace.Any(s => s.ServiceName == service && what(s));

    [Fact]
    public async Task An_http_release_is_one_trace_from_the_gateway_to_the_event_store_with_the_projection_linked()
    {
        var id = TestReleases.UniqueId("traced");
        using var response = await _system.PostReleaseAsync(TestReleases.Json(id, "2110", [("640100", 10), ("640200", 20)]));
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var traceId = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("traceId").GetString()!;
        Assert.Matches("^[0-9a-f]{32}$", traceId);
        var traceUrl = ViewerUrl.Replace("{traceId}", traceId);
        Assert.Equal(traceUrl, JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("traceUrl").GetString());
        await _system.WaitAppliedAsync(id);
        var status = await _system.Gateway.GetJsonAsync($"/api/releases/{id}");
        Assert.Equal(traceId, status.GetProperty("traceId").GetString());
        Assert.Equal(traceUrl, status.GetProperty("traceUrl").GetString());

        var spans = await _otlp.WaitForAsync(all =>
        {
            var trace = all.Where(s => s.TraceId == traceId).ToList();
            return Has(trace, "TradeMesh.Gateway", s => s.Kind == ReceivedSpan.Server)
                && Has(trace, "TradeMesh.Ingestion", s => s.Kind == ReceivedSpan.Server)
                && Has(trace, "TradeMesh.Ingestion", s => s.Kind == ReceivedSpan.Producer)
                && Has(trace, "TradeMesh.Projections", s => s.Name == "store events")
                && Has(trace, "TradeMesh.Projections", s => s.ScopeName == "Npgsql")
                && all.Any(s => s.ServiceName == "TradeMesh.Projections" && s.Name == "project read models" && s.Links.Any(l => l.TraceId == traceId));
        }, TimeSpan.FromSeconds(30));

        // Unbroken: one root (the gateway's request), every other span's parent is in the trace.
        var traceSpans = spans.Where(s => s.TraceId == traceId).ToList();
        var ids = traceSpans.Select(s => s.SpanId).ToHashSet();
        var root = Assert.Single(traceSpans, s => s.ParentSpanId is null);
        Assert.Equal(("TradeMesh.Gateway", ReceivedSpan.Server), (root.ServiceName, root.Kind));
        Assert.All(traceSpans.Where(s => s != root), s => Assert.True(ids.Contains(s.ParentSpanId!), $"{s.ServiceName} '{s.Name}' has a parent outside the trace"));

        // The events stored in PostgreSQL hang under the consume of the messages the ingestion published.
        var store = traceSpans.First(s => s.Name == "store events");
        var chain = Ancestors(store, traceSpans).ToList();
        Assert.Contains(chain, s => s.ServiceName == "TradeMesh.Ingestion" && s.Kind == ReceivedSpan.Producer);
        Assert.Contains(traceSpans, s => s.ScopeName == "Npgsql" && Ancestors(s, traceSpans).Contains(store));
    }

    [Fact]
    public async Task An_amqp_release_continues_the_trace_of_its_publisher()
    {
        var traceId = Convert.ToHexString(Guid.NewGuid().ToByteArray()).ToLowerInvariant();
        var parentSpan = Convert.ToHexString(Guid.NewGuid().ToByteArray()[..8]).ToLowerInvariant();
        var id = TestReleases.UniqueId("traced-amqp");
        await ForeignPublishers.PublishWithPikaAsync(_system.Amqp, TestReleases.Json(id, "2111", [("640300", 3)]), $"00-{traceId}-{parentSpan}-01");
        await _system.WaitAppliedAsync(id);

        var spans = await _otlp.WaitForAsync(all =>
            Has(all, "TradeMesh.Ingestion", s => s.TraceId == traceId && s.Name == "receive release")
            && Has(all, "TradeMesh.Projections", s => s.TraceId == traceId && s.Name == "store events"), TimeSpan.FromSeconds(30));
        var receive = spans.Single(s => s.TraceId == traceId && s.Name == "receive release");
        Assert.Equal(parentSpan, receive.ParentSpanId);
    }

    private static IEnumerable<ReceivedSpan> Ancestors(ReceivedSpan span, List<ReceivedSpan> trace)
    {
        for (var s = span; s.ParentSpanId is { } parent && trace.FirstOrDefault(x => x.SpanId == parent) is { } p; s = p)
            yield return p;
    }
}
