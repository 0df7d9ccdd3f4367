using System.Globalization;

namespace TradeMesh.EndToEnd.Tests.Releases;

/// <summary>A plain Server-Sent Events reader over HTTP: id, event and data of each event; comments skipped.</summary>
public sealed class FeedReader : IDisposable
{
    public sealed record FeedEvent(long Id, string Event, JsonElement Data);

    private readonly HttpResponseMessage _response;
    private readonly StreamReader _reader;

    private FeedReader(HttpResponseMessage response, StreamReader reader) => (_response, _reader) = (response, reader);

    public static async Task<FeedReader> OpenAsync(HttpClient client, long? lastEventId)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "/api/feed");
        if (lastEventId is { } id) request.Headers.Add("Last-Event-ID", id.ToString(CultureInfo.InvariantCulture));
        var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
        // The stream opens with a comment: once it is read, the server holds this client's position.
        Assert.StartsWith(":", await reader.ReadLineAsync());
        return new FeedReader(response, reader);
    }

    /// <summary>The next <paramref name="count"/> events, or those that came within the timeout (60 s unless given).</summary>
    public async Task<List<FeedEvent>> ReadAsync(int count, TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(60));
        var events = new List<FeedEvent>();
        var (id, name, data) = (0L, "message", new StringBuilder());
        try
        {
            while (events.Count < count && await _reader.ReadLineAsync(cts.Token) is { } line)
            {
                if (line.Length == 0)
                {
                    if (data.Length > 0) events.Add(new(id, name, JsonDocument.Parse(data.ToString()).RootElement.Clone()));
                    (name, data) = ("message", new StringBuilder());
                }
                else if (line.StartsWith("id: ", StringComparison.Ordinal)) id = long.Parse(line[4..], CultureInfo.InvariantCulture);
                else if (line.StartsWith("event: ", StringComparison.Ordinal)) name = line[7..];
                else if (line.StartsWith("data: ", StringComparison.Ordinal)) data.Append(line[6..]);
            }
        }
        catch (OperationCanceledException) when (cts.IsCancellationRequested)
        {
            // Fewer than asked within the timeout: the caller's assertion says so.
        }
        return events;
    }

    public void Dispose() { _reader.Dispose(); _response.Dispose(); }
}
