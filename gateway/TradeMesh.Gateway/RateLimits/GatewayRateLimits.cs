using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using TradeMesh.Gateway.Auth;

namespace TradeMesh.Gateway.RateLimits;

/// <summary>
/// Fixed-window limits at the edge, so one client cannot starve the others: writes per API key
/// (RateLimits:WritesPerMinute, default 60), reads per client IP (RateLimits:ReadsPerSecond,
/// default 200). /health and /alive are never limited: probes must see the truth under load.
/// A rejection is a 429 problem with Retry-After in seconds.
/// </summary>
public static class GatewayRateLimits
{
    public static void AddGatewayRateLimits(this IHostApplicationBuilder builder)
    {
        var writesPerMinute = Positive(builder.Configuration, "RateLimits:WritesPerMinute", 60);
        var readsPerSecond = Positive(builder.Configuration, "RateLimits:ReadsPerSecond", 200);

        builder.Services.AddRateLimiter(options =>
        {
            options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            options.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, Partition>(context =>
            {
                var request = context.Request;
                if (request.Path.StartsWithSegments("/health") || request.Path.StartsWithSegments("/alive"))
                    return RateLimitPartition.GetNoLimiter(new Partition("probe", null));
                // Reads are keyed by the IPAddress itself, not formatted into a new string on every read.
                return IsRead(request)
                    ? RateLimitPartition.GetFixedWindowLimiter(new Partition("read", context.Connection.RemoteIpAddress),
                        _ => Window(readsPerSecond, TimeSpan.FromSeconds(1)))
                    : RateLimitPartition.GetFixedWindowLimiter(new Partition("write", WriterIdentity(context)),
                        _ => Window(writesPerMinute, TimeSpan.FromMinutes(1)));
            });
            options.OnRejected = async (rejected, ct) =>
            {
                var context = rejected.HttpContext;
                // Fixed windows report the whole window: an upper bound, so a client that waits it never hits 429 again at once.
                var wait = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? retryAfter
                    : IsRead(context.Request) ? TimeSpan.FromSeconds(1) : TimeSpan.FromMinutes(1);
                var seconds = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds));
                context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
                await Results.Problem(statusCode: StatusCodes.Status429TooManyRequests, title: "Too many requests",
                    detail: $"Rate limit exceeded; retry after {seconds} s.").ExecuteAsync(context);
            };
        });
    }

    /// <summary>A limiter's key: the kind of request and who sent it (an IPAddress, or a string for writers).</summary>
    private readonly record struct Partition(string Kind, object? Identity);

    /// <summary>The same split as the API-key check: only GET, HEAD and OPTIONS are reads.</summary>
    private static bool IsRead(HttpRequest request) =>
        HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method) || HttpMethods.IsOptions(request.Method);

    /// <summary>
    /// The presented key's hash (never the key itself, which would sit in memory as a dictionary
    /// key). A write without any key is counted per client IP, so it cannot escape the limit.
    /// </summary>
    private static string WriterIdentity(HttpContext context) =>
        ApiKeys.Presented(context.Request) is { } key
            ? "key:" + Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(key)))
            : "ip:" + ClientIp(context);

    // The gateway is the edge (no proxy in front of it), so the socket's address is the client's.
    private static string ClientIp(HttpContext context) => context.Connection.RemoteIpAddress?.ToString() ?? "unknown";

    // QueueLimit 0: a request over the limit is refused at once rather than held open.
    private static FixedWindowRateLimiterOptions Window(int permits, TimeSpan window) =>
        new() { PermitLimit = permits, Window = window, QueueLimit = 0, AutoReplenishment = true };

    private static int Positive(IConfiguration configuration, string key, int fallback)
    {
        var value = configuration.GetValue(key, fallback);
        return value > 0 ? value : throw new InvalidOperationException($"{key} must be a positive number, not {value}.");
    }
}
