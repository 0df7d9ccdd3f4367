using System.Net;
using System.Threading.RateLimiting;

namespace TradeMesh.Gateway.Auth;

/// <summary>
/// Failed authentications per client address (RateLimits:FailedAuthenticationsPerMinute, default
/// 30). Over the budget, every request of that address that presents a key is refused with 429
/// until the window ends, without looking at the key. The state is one window per address that
/// failed recently: the partitioned limiter drops a window once it is replenished and idle.
/// </summary>
public sealed class FailedAuthentications : IDisposable
{
    private readonly PartitionedRateLimiter<IPAddress> _limiter;

    public FailedAuthentications(IConfiguration configuration)
    {
        var perMinute = configuration.GetValue("RateLimits:FailedAuthenticationsPerMinute", 30);
        if (perMinute <= 0) throw new InvalidOperationException($"RateLimits:FailedAuthenticationsPerMinute must be a positive number, not {perMinute}.");
        _limiter = PartitionedRateLimiter.Create<IPAddress, IPAddress>(address => RateLimitPartition.GetFixedWindowLimiter(address,
            _ => new FixedWindowRateLimiterOptions { PermitLimit = perMinute, Window = TimeSpan.FromMinutes(1), QueueLimit = 0, AutoReplenishment = true }));
    }

    /// <summary>How long the address must wait, or null while it still has failures left.</summary>
    public TimeSpan? RetryAfter(IPAddress? address)
    {
        // Asking for no permit only says whether any is left; it takes nothing.
        using var lease = _limiter.AttemptAcquire(address ?? IPAddress.None, 0);
        if (lease.IsAcquired) return null;
        return lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromMinutes(1);
    }

    public void Count(IPAddress? address) => _limiter.AttemptAcquire(address ?? IPAddress.None).Dispose();

    public void Dispose() => _limiter.Dispose();
}
