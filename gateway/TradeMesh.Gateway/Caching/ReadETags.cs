using System.Buffers.Text;
using System.Security.Cryptography;
using Microsoft.Net.Http.Headers;

namespace TradeMesh.Gateway.Caching;

/// <summary>
/// Strong ETags for rankings and movers, computed from the body, so dashboards polling them get
/// a 304 without a body while nothing changed. The services know nothing about ETags: hashing the
/// bytes here means any change (a newly applied release, another query string) changes the tag.
/// Cache-Control: no-cache makes clients revalidate every time rather than trust a stale copy.
/// Bodies are at most a few MB, so buffering one is cheap.
/// </summary>
public static class ReadETags
{
    private static readonly string[] Paths = ["/api/rankings", "/api/movers"];

    public static IReverseProxyApplicationBuilder UseReadETags(this IReverseProxyApplicationBuilder proxy)
    {
        proxy.Use(async (context, next) =>
        {
            var request = context.Request;
            if (!HttpMethods.IsGet(request.Method) || !Paths.Any(p => request.Path.StartsWithSegments(p)))
            {
                await next();
                return;
            }

            // Conditions are answered here, from the final body; a service answering 304 itself
            // would leave nothing to hash, so it always gets the unconditional request.
            var ifNoneMatch = request.GetTypedHeaders().IfNoneMatch;
            request.Headers.Remove(HeaderNames.IfNoneMatch);
            request.Headers.Remove(HeaderNames.IfModifiedSince);

            var response = context.Response;
            var client = response.Body;
            using var buffer = new MemoryStream();
            response.Body = buffer;
            try { await next(); }
            finally { response.Body = client; }

            if (response.StatusCode == StatusCodes.Status200OK)
            {
                buffer.Position = 0;
                var etag = new EntityTagHeaderValue($"\"{Base64Url.EncodeToString(SHA256.HashData(buffer))}\"");
                response.Headers.ETag = etag.ToString();
                response.Headers.CacheControl = "no-cache";
                // If-None-Match uses the weak comparison (RFC 9110 13.1.2); "*" matches any current representation.
                if (ifNoneMatch.Any(t => t.Equals(EntityTagHeaderValue.Any) || t.Compare(etag, useStrongComparison: false)))
                {
                    response.StatusCode = StatusCodes.Status304NotModified;
                    response.ContentLength = null;
                    response.Headers.Remove(HeaderNames.ContentType);
                    return;
                }
            }

            response.ContentLength = buffer.Length;
            buffer.Position = 0;
            await buffer.CopyToAsync(client, context.RequestAborted);
        });
        return proxy;
    }
}
