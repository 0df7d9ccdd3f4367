using System.Globalization;
using System.Text;

namespace TradeMesh.Projections.Feed;

/// <summary>
/// GET /api/feed: Server-Sent Events, one <c>release-applied</c> event per applied release, its
/// id the outbox sequence. A client sending Last-Event-ID gets every kept event after it first
/// (the last 1,000); a comment every 15 s keeps proxies from closing a quiet stream.
/// </summary>
public static class GetFeed
{
    public static readonly TimeSpan KeepAlive = TimeSpan.FromSeconds(15);

    public static async Task HandleAsync(HttpContext context, FeedHub hub, CancellationToken ct)
    {
        var response = context.Response;
        response.ContentType = "text/event-stream";
        response.Headers.CacheControl = "no-cache";
        // Proxies that buffer by default (nginx) pass the stream through as it is written.
        response.Headers["X-Accel-Buffering"] = "no";

        long? last = long.TryParse(context.Request.Headers["Last-Event-ID"].ToString(), NumberStyles.None, CultureInfo.InvariantCulture, out var id)
            ? id : null;
        for (var i = 0; i < 50 && !hub.Loaded; i++) await Task.Delay(100, ct);
        await WriteAsync(response, ": connected\n\n", ct);

        try
        {
            last ??= hub.Since(null).Latest;
            while (!ct.IsCancellationRequested)
            {
                var (events, changed, _) = hub.Since(last);
                foreach (var (eventId, json) in events)
                {
                    await WriteAsync(response, $"id: {eventId}\nevent: release-applied\ndata: {json}\n\n", ct);
                    last = eventId;
                }
                if (await Task.WhenAny(changed, Task.Delay(KeepAlive, ct)) != changed)
                    await WriteAsync(response, ": keep-alive\n\n", ct);
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // The client went away.
        }
    }

    private static async Task WriteAsync(HttpResponse response, string text, CancellationToken ct)
    {
        await response.Body.WriteAsync(Encoding.UTF8.GetBytes(text), ct);
        await response.Body.FlushAsync(ct);
    }
}
