using Microsoft.Net.Http.Headers;

namespace TradeMesh.Ingestion.Releases.SubmittingRelease;

/// <summary>
/// The media types a release is read from, matched exactly: application/jsonx or text/csvfoo is not
/// JSON or CSV, and a body in another charset than UTF-8 would be misread, so it is refused.
/// </summary>
public static class ReleaseMediaType
{
    public const string Json = "application/json";
    public const string Csv = "text/csv";
    public static readonly string[] Supported = [Json, Csv];

    /// <summary>application/json or text/csv, or null when the header names anything else.</summary>
    public static string? Of(string? contentType)
    {
        if (!MediaTypeHeaderValue.TryParse(contentType, out var parsed)) return null;
        var charset = parsed.Charset.Value;
        if (charset is not null && !charset.Equals("utf-8", StringComparison.OrdinalIgnoreCase)
            && !charset.Equals("utf8", StringComparison.OrdinalIgnoreCase)) return null;
        return Supported.FirstOrDefault(s => parsed.MediaType.Equals(s, StringComparison.OrdinalIgnoreCase));
    }
}
