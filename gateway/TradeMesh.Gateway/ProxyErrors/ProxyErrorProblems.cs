using Yarp.ReverseProxy.Forwarder;

namespace TradeMesh.Gateway.ProxyErrors;

/// <summary>
/// YARP answers a failed forward with a bare status (502, 504, 503). Clients and the CLI expect
/// problem+json everywhere, and an operator needs to know which service is down, so the failure is
/// turned into a problem naming the route's cluster. The exception itself is never shown: it
/// holds internal addresses, and YARP already logs it.
/// </summary>
public static class ProxyErrorProblems
{
    public static IReverseProxyApplicationBuilder UseProxyErrorProblems(this IReverseProxyApplicationBuilder proxy)
    {
        proxy.Use(async (context, next) =>
        {
            await next();
            var error = context.GetForwarderErrorFeature();
            // Once bytes went to the client a problem cannot be added; YARP aborts that response.
            if (error is null || context.Response.HasStarted) return;

            // A body that grew past the limit while forwarded (chunked) is the client's 413, not a proxy fault.
            if (error.Exception?.GetBaseException() is BadHttpRequestException bad)
            {
                context.Response.Clear();
                context.Response.StatusCode = bad.StatusCode;
                await Results.Problem(statusCode: bad.StatusCode, title: bad.StatusCode == 413 ? "Request body too large" : "Invalid request",
                    detail: BadRequestProblems.Reason(bad)).ExecuteAsync(context);
                return;
            }
            var cluster = context.GetReverseProxyFeature().Route.Config.ClusterId ?? "unknown";
            // YARP has already chosen the status (502 refused, 504 timed out, 503 no destination).
            var status = context.Response.StatusCode >= 400 ? context.Response.StatusCode : StatusCodes.Status502BadGateway;
            var (title, detail) = Describe(error.Error, cluster);
            // Clear drops anything already buffered (e.g. part of a body read before the failure).
            context.Response.Clear();
            await Results.Problem(statusCode: status, title: title, detail: detail,
                extensions: new Dictionary<string, object?> { ["cluster"] = cluster }).ExecuteAsync(context);
        });
        return proxy;
    }

    private static (string Title, string Detail) Describe(ForwarderError error, string cluster) => error switch
    {
        ForwarderError.RequestTimedOut =>
            ($"The {cluster} service did not answer in time", "The gateway gave up waiting for it; try again shortly."),
        ForwarderError.NoAvailableDestinations =>
            ($"No {cluster} service is available", "The gateway has no healthy destination for it."),
        ForwarderError.RequestBodyClient or ForwarderError.RequestCanceled =>
            ($"The request to the {cluster} service was cut short by the client", "The request body could not be read."),
        ForwarderError.ResponseBodyDestination or ForwarderError.ResponseBodyCanceled =>
            ($"The {cluster} service broke off its answer", "Its response ended before it was complete; try again."),
        _ => ($"The {cluster} service is unreachable", "The gateway could not get an answer from it; try again shortly."),
    };
}
