using System.Text;
using System.Text.Json;

namespace TradeMesh.Cli.Releases;

/// <summary>
/// The file given to `push`, read once: its bytes, and what the CLI needs to know about it (the
/// release id to follow with --wait, the number of cities to report). The content itself is the
/// server's to judge; a JSON file that does not parse is still sent, so its answer lists why.
/// </summary>
internal sealed record ReleaseFile(string Path, bool IsCsv, byte[] Content, string? ReleaseId, int? Cities, ReleaseFields? Fields)
{
    public static ReleaseFile Read(string path, ReleaseFields.Options fieldOptions, System.CommandLine.ParseResult result)
    {
        byte[] content;
        try { content = File.ReadAllBytes(path); }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            throw new UsageException($"cannot read {path}: {ex.Message}");
        }

        if (path.EndsWith(".csv", StringComparison.OrdinalIgnoreCase))
        {
            var fields = fieldOptions.From(result);
            var rows = CsvRelease.ReadRows(Encoding.UTF8.GetString(content));
            return new ReleaseFile(path, true, content, fields.ReleaseId, rows.Count, fields);
        }

        if (fieldOptions.AnyGiven(result))
            throw new UsageException("--release-id, --period, --stage, --unit, --published-at and --national-total are for CSV files; a JSON release carries them itself");
        var (id, cities) = Peek(content);
        return new ReleaseFile(path, false, content, id, cities, null);
    }

    /// <summary>The release as JSON: the file itself, or the CSV rows turned into the contract's JSON.</summary>
    public byte[] Json() => IsCsv ? CsvRelease.ToJson(Encoding.UTF8.GetString(Content), Fields!) : Content;

    private static (string? ReleaseId, int? Cities) Peek(byte[] content)
    {
        try
        {
            using var document = JsonDocument.Parse(content);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object) return (null, null);
            var id = root.TryGetProperty("releaseId", out var r) && r.ValueKind == JsonValueKind.String ? r.GetString() : null;
            int? cities = root.TryGetProperty("cities", out var c) && c.ValueKind == JsonValueKind.Array ? c.GetArrayLength() : null;
            return (id, cities);
        }
        catch (JsonException)
        {
            return (null, null);
        }
    }
}
