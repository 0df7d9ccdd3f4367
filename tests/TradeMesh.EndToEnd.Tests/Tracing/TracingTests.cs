namespace TradeMesh.EndToEnd.Tests.Tracing;

/// <summary>
/// One release is one trace, exported over OTLP by the real services to the real trace viewer and
/// read back through the viewer's query API: gateway, ingestion, the MassTransit publish and consume,
/// the projection service storing the events in PostgreSQL, and the projection work linked to it.
/// Spans are per batch: a release of many cities in one message has one publish and one store span.
/// </summary>
[Collection(TracedCollection.Name)]
public sealed class TracingTests(TracedSystemFixture fixture)
{
    private const string Gateway = "TradeMesh.Gateway", Ingestion = "TradeMesh.Ingestion", Projections = "TradeMesh.Projections";
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);
    private readonly TradeMeshSystem _system = fixture.System;
    private readonly TraceViewer _viewer = fixture.Viewer;

    private static bool Has(IEnumerable<ViewerSpan> trace, string service, Func<ViewerSpan, bool> what) =>
        trace.Any(s => s.ServiceName == service && what(s));

    private static string Describe(IEnumerable<ViewerSpan> spans) => string.Join('\n', spans);

    [Fact]
    public async Task An_http_release_is_one_trace_from_the_gateway_to_the_event_store_with_the_projection_linked()
    {
        var id = TestReleases.UniqueId("traced");
        var cities = Enumerable.Range(0, 30).Select(i => (TestCodes.City(i), (decimal)(10 + i))).ToList();
        using var response = await _system.PostReleaseAsync(TestReleases.Json(id, "2110", cities));
        var accepted = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var traceId = accepted.GetProperty("traceId").GetString()!;
        Assert.Matches("^[0-9a-f]{32}$", traceId);
        var traceUrl = fixture.ViewerUrlTemplate.Replace("{traceId}", traceId);
        Assert.Equal(traceUrl, accepted.GetProperty("traceUrl").GetString());
        await _system.WaitAppliedAsync(id);
        var status = await _system.Gateway.GetJsonAsync($"/api/releases/{id}");
        Assert.Equal(traceId, status.GetProperty("traceId").GetString());
        Assert.Equal(traceUrl, status.GetProperty("traceUrl").GetString());

        var trace = await TraceViewer.WaitForAsync(() => _viewer.TraceAsync(traceId), t =>
            Has(t, Gateway, s => s.Kind == ViewerSpan.Server)
            && Has(t, Ingestion, s => s.Kind == ViewerSpan.Server)
            && Has(t, Ingestion, s => s.Kind == ViewerSpan.Producer && s.ScopeName == "MassTransit")
            && Has(t, Projections, s => s.Kind == ViewerSpan.Consumer && s.ScopeName == "MassTransit")
            && Has(t, Projections, s => s.Name == "store events")
            && Has(t, Projections, s => s.ScopeName == "Npgsql"), Timeout, Describe);
        var projection = await TraceViewer.WaitForAsync(() => _viewer.SpansAsync(Projections),
            spans => spans.Any(s => s.Name == "project read models" && s.Links.Any(l => l.TraceId == traceId)), Timeout, Describe);

        // Unbroken: one root (the gateway's request), every other span's parent is in the trace.
        var ids = trace.Select(s => s.SpanId).ToHashSet();
        var root = Assert.Single(trace, s => s.ParentSpanId is null);
        Assert.Equal((Gateway, ViewerSpan.Server), (root.ServiceName, root.Kind));
        Assert.All(trace.Where(s => s != root), s => Assert.True(ids.Contains(s.ParentSpanId!), $"{s} has a parent outside the trace"));

        // The events stored in PostgreSQL hang under the consume of the message the ingestion published.
        var store = Assert.Single(trace, s => s.Name == "store events");
        var chain = Ancestors(store, trace).ToList();
        Assert.Contains(chain, s => s.ServiceName == Projections && s.Kind == ViewerSpan.Consumer);
        Assert.Contains(chain, s => s.ServiceName == Ingestion && s.Kind == ViewerSpan.Producer);
        Assert.Contains(trace, s => s.ScopeName == "Npgsql" && Ancestors(s, trace).Contains(store));

        // Per batch, not per event: 30 cities travel in one message, stored in one span.
        Assert.Equal(cities.Count.ToString(), store.Attributes.GetValueOrDefault("trademesh.events"));
        Assert.Single(trace, s => s.ServiceName == Ingestion && s.Kind == ViewerSpan.Producer);
        var linked = projection.Where(s => s.Name == "project read models" && s.Links.Any(l => l.TraceId == traceId)).ToList();
        Assert.True(linked.Count <= 2, $"{linked.Count} projection spans for one release of one message:\n{Describe(linked)}");
        Assert.Equal(cities.Count, linked.Sum(s => int.Parse(s.Attributes["trademesh.events"])));

        // The health probes (the test waited on /health through the gateway) are kept out of the traces.
        foreach (var service in new[] { Gateway, Ingestion, Projections })
            Assert.DoesNotContain(await _viewer.SpansAsync(service), s => s.Kind == ViewerSpan.Server
                && s.Attributes.GetValueOrDefault("url.path") is "/health" or "/alive");
    }

    [Fact]
    public async Task An_amqp_release_continues_the_trace_of_its_publisher()
    {
        var traceId = Convert.ToHexString(Guid.NewGuid().ToByteArray()).ToLowerInvariant();
        var parentSpan = Convert.ToHexString(Guid.NewGuid().ToByteArray()[..8]).ToLowerInvariant();
        var id = TestReleases.UniqueId("traced-amqp");
        await ForeignPublishers.PublishWithPikaAsync(_system.Amqp, TestReleases.Json(id, "2111", [("640300", 3)]), $"00-{traceId}-{parentSpan}-01");
        await _system.WaitAppliedAsync(id);

        var trace = await TraceViewer.WaitForAsync(() => _viewer.TraceAsync(traceId), t =>
            Has(t, Ingestion, s => s.Name == "receive release") && Has(t, Projections, s => s.Name == "store events"), Timeout, Describe);
        var receive = Assert.Single(trace, s => s.Name == "receive release");
        Assert.Equal(parentSpan, receive.ParentSpanId);
        var status = await _system.Gateway.GetJsonAsync($"/api/releases/{id}");
        Assert.Equal(traceId, status.GetProperty("traceId").GetString());
    }

    private static IEnumerable<ViewerSpan> Ancestors(ViewerSpan span, IReadOnlyList<ViewerSpan> trace)
    {
        for (var s = span; s.ParentSpanId is { } parent && trace.FirstOrDefault(x => x.SpanId == parent) is { } p; s = p)
            yield return p;
    }
}
