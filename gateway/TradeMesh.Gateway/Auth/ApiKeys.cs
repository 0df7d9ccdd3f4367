using System.Security.Cryptography;
using System.Text;

namespace TradeMesh.Gateway.Auth;

/// <summary>
/// Writes need an API key (X-Api-Key: KEY or Authorization: Bearer KEY) when keys are configured
/// in TRADEMESH_API_KEYS (comma-separated); reads stay open. Keys are compared in constant time
/// and never logged.
/// </summary>
public sealed class ApiKeys
{
    private readonly byte[][] _keys;

    public ApiKeys(IConfiguration configuration) =>
        _keys = [.. (configuration["TRADEMESH_API_KEYS"] ?? "")
            .Split([',', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(k => SHA256.HashData(Encoding.UTF8.GetBytes(k)))];

    public bool Configured => _keys.Length > 0;

    public bool IsValid(string? presented)
    {
        if (string.IsNullOrEmpty(presented)) return false;
        // Hashing first gives equal lengths, so the comparison time says nothing about the key.
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(presented));
        var valid = false;
        foreach (var key in _keys) valid |= CryptographicOperations.FixedTimeEquals(hash, key);
        return valid;
    }

    public static string? Presented(HttpRequest request)
    {
        if (request.Headers.TryGetValue("X-Api-Key", out var header) && !string.IsNullOrEmpty(header.ToString())) return header.ToString();
        var authorization = request.Headers.Authorization.ToString();
        return authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? authorization[7..].Trim() : null;
    }
}

public static class ApiKeyMiddleware
{
    public static IApplicationBuilder UseApiKeysForWrites(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        var keys = context.RequestServices.GetRequiredService<ApiKeys>();
        var request = context.Request;
        var isWrite = !(HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method) || HttpMethods.IsOptions(request.Method));
        if (keys.Configured && isWrite && !keys.IsValid(ApiKeys.Presented(request)))
        {
            await Results.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "API key required",
                detail: "Writes need a valid key in X-Api-Key or Authorization: Bearer.").ExecuteAsync(context);
            return;
        }
        await next();
    });
}
