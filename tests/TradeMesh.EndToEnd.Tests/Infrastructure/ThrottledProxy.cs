using System.Net.Sockets;

namespace TradeMesh.EndToEnd.Tests.Infrastructure;

/// <summary>
/// A TCP forwarder on a free loopback port whose client-to-server direction is held to a byte
/// rate: a publisher behind it takes seconds to send a large release, so a test can act between
/// its messages (kill the broker after some chunks are stored and before the rest arrive).
/// </summary>
public sealed class ThrottledProxy : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly List<TcpClient> _connections = [];
    private readonly int _target, _bytesPerSecond;
    private readonly Task _accepting;

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    private ThrottledProxy(int target, int bytesPerSecond)
    {
        (_target, _bytesPerSecond) = (target, bytesPerSecond);
        _listener.Start();
        _accepting = AcceptAsync();
    }

    public static ThrottledProxy Start(int targetPort, int bytesPerSecond) => new(targetPort, bytesPerSecond);

    private async Task AcceptAsync()
    {
        try
        {
            while (!_stop.IsCancellationRequested)
            {
                var client = await _listener.AcceptTcpClientAsync(_stop.Token);
                var server = new TcpClient();
                try { await server.ConnectAsync(IPAddress.Loopback, _target, _stop.Token); }
                catch (SocketException) { client.Dispose(); server.Dispose(); continue; } // the broker is down: refuse as it would
                lock (_connections) _connections.AddRange([client, server]);
                _ = PumpAsync(client, server, _bytesPerSecond);
                _ = PumpAsync(server, client, null);
            }
        }
        catch (OperationCanceledException) { }
    }

    private async Task PumpAsync(TcpClient from, TcpClient to, int? bytesPerSecond)
    {
        var buffer = new byte[bytesPerSecond is { } rate ? Math.Max(1024, rate / 20) : 64 * 1024];
        try
        {
            var source = from.GetStream();
            var sink = to.GetStream();
            int read;
            while ((read = await source.ReadAsync(buffer, _stop.Token)) > 0)
            {
                await sink.WriteAsync(buffer.AsMemory(0, read), _stop.Token);
                if (bytesPerSecond is { } r) await Task.Delay(TimeSpan.FromSeconds((double)read / r), _stop.Token);
            }
        }
        catch (Exception e) when (e is IOException or SocketException or OperationCanceledException or ObjectDisposedException) { }
        finally
        {
            // One side gone: the other is cut too, as a broken connection would be.
            from.Dispose();
            to.Dispose();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        try { await _accepting; } catch (OperationCanceledException) { }
        lock (_connections) foreach (var connection in _connections) connection.Dispose();
        _stop.Dispose();
    }
}
