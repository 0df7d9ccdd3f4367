using RabbitMQ.Client;

namespace TradeMesh.Benchmarks.Suite;

/// <summary>Pushes release JSON the two ways publishers do: POST through the gateway, or raw JSON to the AMQP exchange.</summary>
public sealed class ReleasePusher : IAsyncDisposable
{
    private readonly HttpClient _http;
    private readonly IConnection _connection;
    private readonly IChannel _channel;

    private ReleasePusher(HttpClient http, IConnection connection, IChannel channel) => (_http, _connection, _channel) = (http, connection, channel);

    public static async Task<ReleasePusher> ConnectAsync(Endpoints endpoints)
    {
        var connection = await new ConnectionFactory { Uri = endpoints.Amqp, ClientProvidedName = "bench-releases" }.CreateConnectionAsync();
        // Tracking: each publish task completes when the broker confirmed it (and throws on a return).
        var channel = await connection.CreateChannelAsync(new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true));
        return new ReleasePusher(endpoints.GatewayClient(), connection, channel);
    }

    public Task PushAsync(string via, string json) => via == "http" ? HttpAsync(json) : AmqpAsync(json);

    public async Task HttpAsync(string json)
    {
        using var response = await _http.PostAsync("/api/releases", new StringContent(json, Encoding.UTF8, "application/json"));
        if ((int)response.StatusCode != 202) throw new InvalidOperationException($"POST /api/releases: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }

    public async Task AmqpAsync(string json)
    {
        var properties = new BasicProperties { ContentType = "application/json", DeliveryMode = DeliveryModes.Persistent };
        await _channel.BasicPublishAsync("trademesh.releases", "", mandatory: true, properties, Encoding.UTF8.GetBytes(json));
    }

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        await _channel.DisposeAsync();
        await _connection.DisposeAsync();
    }
}
