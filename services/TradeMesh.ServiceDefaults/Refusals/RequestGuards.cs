using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Configuration;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// What every service and the gateway check before routing: a body announced larger than the limit
/// is refused with 413 before a byte of it is read (a proxy would otherwise wait for a body that
/// never comes); a body that grows past it while read (chunked) fails with 413 too; HEAD is
/// answered as the GET it mirrors (Kestrel sends the headers and drops the body).
/// </summary>
public static class RequestGuards
{
    /// <summary>The largest request body taken anywhere; a release of 5,000 cities is about 1 MiB.</summary>
    public const long DefaultMaxBodyBytes = 8 * 1024 * 1024;

    /// <summary>The display name of the endpoint routing selects when only the method is wrong.</summary>
    private const string MethodNotAllowed = "405 HTTP Method Not Supported";

    public const int MaxRequestTarget = 8 * 1024;
    public const int MaxHeaderBytes = 32 * 1024;

    /// <summary>
    /// Kestrel refuses a request line or headers over its limits with an empty body, before any
    /// middleware runs, and offers no hook for it. Its limits are set to four times these, so that
    /// everything between answers a problem here; only beyond that (32 KiB of target, 128 KiB of
    /// headers) or for a request it cannot parse at all does Kestrel's bare answer remain.
    /// </summary>
    public static void ConfigureKestrelLimits(KestrelServerOptions options)
    {
        options.Limits.MaxRequestLineSize = 4 * MaxRequestTarget;
        options.Limits.MaxRequestHeadersTotalSize = 4 * MaxHeaderBytes;
    }

    private static IResult? TooLarge(HttpContext context)
    {
        var target = context.Features.Get<IHttpRequestFeature>()?.RawTarget?.Length ?? 0;
        if (target > MaxRequestTarget)
            return Results.Problem(statusCode: StatusCodes.Status414UriTooLong, title: "Request URI too long",
                detail: $"The path and query may hold at most {MaxRequestTarget} characters; this one has {target}.");
        var headers = context.Request.Headers.Sum(h => h.Key.Length + h.Value.Sum(v => v?.Length ?? 0) + 4);
        if (headers > MaxHeaderBytes)
            return Results.Problem(statusCode: StatusCodes.Status431RequestHeaderFieldsTooLarge, title: "Request headers too large",
                detail: $"The headers may hold at most {MaxHeaderBytes} bytes; these hold about {headers}.");
        return null;
    }

    public static WebApplication UseRequestGuards(this WebApplication app)
    {
        var limit = app.Configuration.GetValue("Requests:MaxBodyBytes", DefaultMaxBodyBytes);
        app.Use((context, next) =>
        {
            if (TooLarge(context) is { } refusal) return refusal.ExecuteAsync(context);
            if (context.Request.ContentLength > limit)
            {
                // The unread body makes Kestrel close the connection after this answer.
                context.Response.StatusCode = StatusCodes.Status413PayloadTooLarge;
                return Results.Problem(statusCode: StatusCodes.Status413PayloadTooLarge, title: "Request body too large",
                    detail: $"A request body may hold at most {limit} bytes; this one announced {context.Request.ContentLength}. Nothing was applied.")
                    .ExecuteAsync(context);
            }
            if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size) size.MaxRequestBodySize = limit;
            if (HttpMethods.IsHead(context.Request.Method)) context.Request.Method = HttpMethods.Get;
            return next(context);
        });
        // Routing after the HEAD rewrite, so HEAD finds the GET endpoint.
        app.UseRouting();
        // A known path asked with a method it does not take answers 405 with Allow at once, whatever
        // authentication would say: the routing's own rejection endpoint, run before any auth step.
        app.Use((context, next) =>
            context.GetEndpoint() is { DisplayName: MethodNotAllowed, RequestDelegate: { } reject } ? reject(context) : next(context));
        return app;
    }
}
