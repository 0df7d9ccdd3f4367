using System.Security.Cryptography;
using System.Text;

using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;

namespace TradeMesh.ServiceDefaults.Access;

/// <summary>What a key may do. Every configured key may read; write and admin are granted explicitly.</summary>
[Flags]
public enum ApiScopes
{
    None = 0,
    Read = 1,
    Write = 2,
    Admin = 4,
}

/// <summary>
/// The keys in TRADEMESH_API_KEYS: entries separated by commas (or semicolons), each `KEY` (may
/// write, as before scopes existed) or `KEY:scope+scope` with scopes read, write, admin. Only
/// SHA-256 hashes are kept; keys are compared in constant time and never logged or echoed.
/// </summary>
public sealed class ApiKeys
{
    private readonly (byte[] Hash, ApiScopes Scopes)[] _keys;

    public ApiKeys(IConfiguration configuration) =>
        _keys = [.. (configuration["TRADEMESH_API_KEYS"] ?? "")
            .Split([',', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select((entry, index) => Parse(entry, index))];

    public bool Configured => _keys.Length > 0;

    /// <summary>
    /// The presented key's scopes and the number of its first entry (an identity for the write
    /// limits that is bounded by the configuration, never by what clients send); null when no
    /// configured key matches it.
    /// </summary>
    public (ApiScopes Scopes, int Entry)? Match(string? presented)
    {
        if (string.IsNullOrEmpty(presented)) return null;
        // Hashing first gives equal lengths, so the comparison time says nothing about the key;
        // every entry is compared (no early exit), and a key listed twice gets both entries' scopes.
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(presented));
        (ApiScopes Scopes, int Entry)? match = null;
        for (var i = 0; i < _keys.Length; i++)
            if (CryptographicOperations.FixedTimeEquals(hash, _keys[i].Hash))
                match = ((match?.Scopes ?? ApiScopes.None) | _keys[i].Scopes, match?.Entry ?? i);
        return match;
    }

    public static string? Presented(HttpRequest request)
    {
        if (request.Headers.TryGetValue("X-Api-Key", out var header) && !string.IsNullOrEmpty(header.ToString())) return header.ToString();
        var authorization = request.Headers.Authorization.ToString();
        return authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? authorization[7..].Trim() : null;
    }

    /// <summary>
    /// The scope list is what follows the last ':'. A plain key keeps the meaning it had before
    /// scopes (write, hence read). An unknown scope stops the gateway at start rather than leaving
    /// a key with less (or more) than its operator meant; the message quotes neither scope nor key.
    /// </summary>
    private static (byte[], ApiScopes) Parse(string entry, int index)
    {
        var colon = entry.LastIndexOf(':');
        var key = colon < 0 ? entry : entry[..colon].Trim();
        var scopes = colon < 0 ? ApiScopes.Write : ParseScopes(entry[(colon + 1)..], index);
        if (key.Length == 0) throw new InvalidOperationException($"TRADEMESH_API_KEYS entry {index + 1} has scopes but no key.");
        // Every key may read: a publisher checks the status of what it sent, an operator the rankings.
        return (SHA256.HashData(Encoding.UTF8.GetBytes(key)), scopes | ApiScopes.Read);
    }

    private static ApiScopes ParseScopes(string list, int index)
    {
        var scopes = ApiScopes.None;
        foreach (var name in list.Split('+', StringSplitOptions.TrimEntries))
            scopes |= name.ToLowerInvariant() switch
            {
                "read" => ApiScopes.Read,
                "write" => ApiScopes.Write,
                "admin" => ApiScopes.Admin,
                // The scope is not quoted: with a mistyped entry it may be part of a key.
                _ => throw new InvalidOperationException(
                    $"TRADEMESH_API_KEYS entry {index + 1} has an unknown scope (use read, write, admin joined by '+'; a key may not contain ':')."),
            };
        return scopes;
    }
}
