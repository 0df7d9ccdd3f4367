using TradeMesh.Cli.Commands;

namespace TradeMesh.Cli.Tests;

/// <summary>
/// Canned HTTP answers shaped as the contract says, in place of the gateway: the CLI's arguments and
/// formatting are tested here; the real system is the end-to-end tests' (Cli/CliTests).
/// </summary>
internal sealed class StubGateway(Func<HttpRequestMessage, HttpResponseMessage> answer) : HttpMessageHandler
{
    public List<HttpRequestMessage> Requests { get; } = [];

    public static StubGateway Json(string json, HttpStatusCode status = HttpStatusCode.OK, string contentType = "application/json") =>
        new(_ => Answer(status, json, contentType));

    public static HttpResponseMessage Answer(HttpStatusCode status, string body, string contentType = "application/json") =>
        new(status) { Content = new StringContent(body, Encoding.UTF8, contentType) };

    /// <summary>The path and query of the only request made.</summary>
    public string Asked => Requests.Single().RequestUri!.PathAndQuery;

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        Requests.Add(request);
        return Task.FromResult(answer(request));
    }
}

/// <summary>The CLI run in-process, with an empty environment: a developer's TRADEMESH_* variables must not change the outcome.</summary>
internal static class Cli
{
    public static Task<(int Code, string Out, string Error)> RunAsync(HttpMessageHandler? gateway, params string[] args) =>
        RunAsync(gateway, CancellationToken.None, args);

    public static async Task<(int Code, string Out, string Error)> RunAsync(HttpMessageHandler? gateway, CancellationToken ct, params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await Program.RunAsync(args, new CliHost(output, error, _ => null, gateway), ct);
        return (code, output.ToString(), error.ToString());
    }

    public static Task<(int Code, string Out, string Error)> RunAsync(params string[] args) => RunAsync(null, args);
}
