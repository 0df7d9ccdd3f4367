using System.Data.Common;
using System.Net.Sockets;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Logging;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// A request that failed because the database (or another dependency over the network) was
/// away answers 503 with Retry-After, as a problem: the client did nothing wrong and may send
/// the same request again. Nothing is half-applied: a release is answered 202 only after every
/// event was confirmed, and a re-sent release is recognised, never counted twice.
/// </summary>
public sealed class DependencyUnavailableHandler(IProblemDetailsService problems, ILogger<DependencyUnavailableHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken ct)
    {
        if (!IsDependencyFault(exception) || context.Response.HasStarted) return false;
        logger.LogWarning(exception, "{Path} answered 503: a dependency is unavailable", context.Request.Path);
        context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        context.Response.Headers.RetryAfter = "5";
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            Exception = exception,
            ProblemDetails = new ProblemDetails
            {
                Status = StatusCodes.Status503ServiceUnavailable,
                Title = "A dependency is unavailable",
                Detail = "The database or the broker could not be reached. Send the same request again shortly; a re-sent release is recognised and counted once.",
            },
        });
    }

    private static bool IsDependencyFault(Exception? exception)
    {
        for (; exception is not null; exception = exception.InnerException)
            if (exception is DbException or SocketException or TimeoutException) return true;
        return false;
    }
}
