using System.Security.Cryptography;
using System.Text;
using Microsoft.Net.Http.Headers;

namespace TradeMesh.Projections.Queries;

/// <summary>
/// Strong ETags for read models, from the stored document's version and the query string: the
/// answer is a function of both, so no body needs hashing. A new applied release writes a new
/// version, so the tag changes with the answer. Cache-Control: no-cache makes clients revalidate.
/// </summary>
public static class ConditionalGet
{
    /// <summary>
    /// Sets the ETag; true when the client already has this answer (answer 304). <paramref name="derived"/>
    /// is what else the answer depends on, beyond the document (a few characters, not the body).
    /// </summary>
    public static bool NotModified(HttpContext context, Guid version, string derived = "")
    {
        // The Accept header picks JSON or CSV, so it is part of what the answer is a function of.
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"{version:N}{context.Request.QueryString}|{context.Request.Headers.Accept}|{derived}"));
        var etag = new EntityTagHeaderValue($"\"{Convert.ToBase64String(hash, 0, 16).TrimEnd('=').Replace('+', '-').Replace('/', '_')}\"");
        context.Response.Headers.ETag = etag.ToString();
        context.Response.Headers.CacheControl = "no-cache";
        context.Response.Headers.Vary = "Accept";
        var ifNoneMatch = context.Request.GetTypedHeaders().IfNoneMatch;
        return ifNoneMatch.Any(t => t.Equals(EntityTagHeaderValue.Any) || t.Compare(etag, useStrongComparison: false));
    }
}
