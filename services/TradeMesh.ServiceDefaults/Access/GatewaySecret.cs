using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;

namespace TradeMesh.ServiceDefaults.Access;

/// <summary>
/// The deployment's shared secret (TRADEMESH_GATEWAY_SECRET): the gateway adds it to every request
/// it forwards and the services answer only requests that carry it, so a service port reached
/// around the gateway (its key check and rate limits) gives nothing. Chosen over mTLS because it
/// needs no certificates to issue and rotate on a laptop, in compose or in Kubernetes; the price is
/// that the secret crosses the internal network in clear, which TLS between the parts would fix.
/// </summary>
public sealed class GatewaySecret
{
    public const string Header = "X-TradeMesh-Gateway-Secret";
    public const string Setting = "TRADEMESH_GATEWAY_SECRET";

    private readonly byte[] _hash;

    public GatewaySecret(IConfiguration configuration)
    {
        Value = configuration[Setting] is { Length: >= 16 } value ? value.Trim()
            : throw new InvalidOperationException(
                $"{Setting} is not set (or shorter than 16 characters): the gateway and the services share it; deploy/local/up.sh generates one.");
        _hash = SHA256.HashData(Encoding.UTF8.GetBytes(Value));
    }

    public string Value { get; }

    /// <summary>Constant-time over hashes: how long the comparison takes says nothing about the secret.</summary>
    public bool Matches(HttpRequest request) =>
        request.Headers.TryGetValue(Header, out var presented) && presented.Count == 1 &&
        CryptographicOperations.FixedTimeEquals(_hash, SHA256.HashData(Encoding.UTF8.GetBytes(presented.ToString())));
}

public static class GatewaySecretExtensions
{
    /// <summary>
    /// Refuses (403) every request without the gateway's secret, except the liveness and readiness
    /// probes (/alive, /health), which orchestrators and the gateway's health check call bare and
    /// which tell nothing but up or down.
    /// </summary>
    public static WebApplication UseGatewayOnly(this WebApplication app)
    {
        var secret = new GatewaySecret(app.Configuration);
        app.Use((context, next) =>
        {
            var path = context.Request.Path;
            if (path.StartsWithSegments("/health") || path.StartsWithSegments("/alive") || secret.Matches(context.Request))
                return next(context);
            return Results.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Only through the gateway",
                detail: "This service answers requests forwarded by the TradeMesh gateway only; send it to the gateway with an API key.")
                .ExecuteAsync(context);
        });
        return app;
    }
}
