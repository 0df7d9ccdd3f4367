using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// A request the framework could not bind (a query value that is not an int, a body that is not
/// JSON, a body over the limit, a wrong media type) is the client's mistake: it answers the
/// exception's own status (400, 413, 415) as a problem naming the parameter, never a 500. Every
/// endpoint gets this, including ones added later, because minimal APIs are told to throw
/// (<see cref="RouteHandlerOptions.ThrowOnBadRequest"/>) instead of answering an empty 400.
/// </summary>
public sealed partial class BadRequestProblems(IProblemDetailsService problems) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken ct)
    {
        if (exception is not BadHttpRequestException bad || context.Response.HasStarted) return false;
        var reason = Reason(bad);
        context.Response.StatusCode = bad.StatusCode;
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = new ProblemDetails
            {
                Status = bad.StatusCode,
                Title = bad.StatusCode switch
                {
                    StatusCodes.Status413PayloadTooLarge => "Request body too large",
                    StatusCodes.Status415UnsupportedMediaType => "Unsupported content type",
                    _ => "Invalid request",
                },
                Detail = reason,
                Extensions = { ["reasons"] = new List<string> { reason } },
            },
        });
    }

    /// <summary>The reason in the services' own style ("top: 'abc' is not a valid int"), else the framework's message.</summary>
    public static string Reason(BadHttpRequestException bad)
    {
        if (BindFailure().Match(bad.Message) is { Success: true } bind)
            return $"{bind.Groups["name"].Value}: '{bind.Groups["value"].Value}' is not a valid {bind.Groups["type"].Value.TrimEnd('?')}";
        if (Missing().Match(bad.Message) is { Success: true } missing)
            return $"{missing.Groups["name"].Value}: required, but not given";
        if (BodyFailure().Match(bad.Message) is { Success: true } body)
            return $"body: not valid JSON for {body.Groups["name"].Value}" + (bad.InnerException is { } inner ? $" ({inner.Message})" : "");
        return bad.Message;
    }

    [GeneratedRegex("""^Failed to bind parameter "(?<type>.+) (?<name>[^ ]+)" from "(?<value>.*)"\.$""", RegexOptions.Singleline)]
    private static partial Regex BindFailure();

    [GeneratedRegex("""^Required parameter "(?<type>.+) (?<name>[^ ]+)" was not provided""", RegexOptions.Singleline)]
    private static partial Regex Missing();

    [GeneratedRegex("""^Failed to read parameter "(?<type>.+) (?<name>[^ ]+)" from the request body""", RegexOptions.Singleline)]
    private static partial Regex BodyFailure();
}
