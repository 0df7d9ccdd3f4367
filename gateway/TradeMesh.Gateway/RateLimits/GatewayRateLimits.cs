using System.Globalization;
using System.Net;
using System.Threading.RateLimiting;
using TradeMesh.Gateway.Auth;

namespace TradeMesh.Gateway.RateLimits;

/// <summary>
/// The rate-limiter policies the routes name in appsettings.json ("RateLimiterPolicy"), fixed
/// windows so one client cannot starve the others: `writes` per API key entry
/// (RateLimits:WritesPerMinute, default 60), `reads` per client address (RateLimits:ReadsPerSecond,
/// default 200). They run after authentication and authorization, so a request without a valid key
/// is refused before it reaches a limiter and creates no window. /health and /alive name no
/// policy: probes must see the truth under load. A rejection is a 429 problem with Retry-After.
/// </summary>
public static class GatewayRateLimits
{
    public const string Reads = "reads";
    public const string Writes = "writes";

    public static void AddGatewayRateLimits(this IHostApplicationBuilder builder)
    {
        var writesPerMinute = Positive(builder.Configuration, "RateLimits:WritesPerMinute", 60);
        var readsPerSecond = Positive(builder.Configuration, "RateLimits:ReadsPerSecond", 200);

        builder.Services.AddRateLimiter(options =>
        {
            options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            // Keyed by the IPAddress itself, not formatted into a new string on every read.
            options.AddPolicy(Reads, context => RateLimitPartition.GetFixedWindowLimiter(ClientAddress(context),
                _ => Window(readsPerSecond, TimeSpan.FromSeconds(1))));
            // The key's entry number: as many windows as configured keys, whatever clients send.
            options.AddPolicy(Writes, context => RateLimitPartition.GetFixedWindowLimiter(
                context.User.FindFirst(ApiKeyAuthenticationHandler.EntryClaim)?.Value ?? "address:" + ClientAddress(context),
                _ => Window(writesPerMinute, TimeSpan.FromMinutes(1))));
            options.OnRejected = async (rejected, ct) =>
            {
                var context = rejected.HttpContext;
                // Fixed windows report the whole window: an upper bound, so a client that waits it never hits 429 again at once.
                var wait = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? retryAfter : TimeSpan.FromSeconds(1);
                var seconds = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds));
                context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
                await Results.Problem(statusCode: StatusCodes.Status429TooManyRequests, title: "Too many requests",
                    detail: $"Rate limit exceeded; retry after {seconds} s.").ExecuteAsync(context);
            };
        });
    }

    // The gateway is the edge (no proxy in front of it), so the socket's address is the client's.
    private static IPAddress ClientAddress(HttpContext context) => context.Connection.RemoteIpAddress ?? IPAddress.None;

    // QueueLimit 0: a request over the limit is refused at once rather than held open.
    private static FixedWindowRateLimiterOptions Window(int permits, TimeSpan window) =>
        new() { PermitLimit = permits, Window = window, QueueLimit = 0, AutoReplenishment = true };

    private static int Positive(IConfiguration configuration, string key, int fallback)
    {
        var value = configuration.GetValue(key, fallback);
        return value > 0 ? value : throw new InvalidOperationException($"{key} must be a positive number, not {value}.");
    }
}
