using System.Text.Json;

namespace TradeMesh.Ingestion.Releases.Validating;

/// <summary>
/// Reads release JSON field by field, so that a wrong type is one listed reason among the others
/// instead of a deserializer exception that hides every other problem.
/// </summary>
public static class JsonReleaseReader
{
    public const int MaxDepth = 16;

    public static ReadOnlySpan<byte> Utf8Bom => [0xEF, 0xBB, 0xBF];

    public static ReleaseDraft Read(ReadOnlyMemory<byte> body)
    {
        // Editors on Windows write a byte-order mark; it says UTF-8, which is what is read.
        if (body.Span.StartsWith(Utf8Bom)) body = body[Utf8Bom.Length..];
        // The parser checks UTF-8 only in the strings it is asked to decode: check all of it first.
        if (!System.Text.Unicode.Utf8.IsValid(body.Span)) return new ReleaseDraft { Problems = { new(Reason.Body, "not valid UTF-8") } };

        JsonDocument document;
        try
        {
            // A key given twice is ambiguous (which figure did the publisher mean?): refused, not guessed.
            document = JsonDocument.Parse(body, new JsonDocumentOptions { MaxDepth = MaxDepth, AllowDuplicateProperties = false });
        }
        catch (JsonException ex)
        {
            return new ReleaseDraft { Problems = { new(Reason.Body, $"not valid JSON ({ex.Message})") } };
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
                return new ReleaseDraft { Problems = { new(Reason.Body, "must be a JSON object") } };

            var problems = new List<Reason>();
            var draft = new ReleaseDraft
            {
                ReleaseId = String(root, "releaseId", problems),
                Source = String(root, "source", problems),
                Period = String(root, "period", problems),
                Stage = String(root, "stage", problems),
                Unit = String(root, "unit", problems),
                PublishedAt = String(root, "publishedAt", problems),
                NationalTotal = Number(root, "nationalTotal", problems),
                Problems = problems,
            };
            ReadCities(root, draft, problems);
            return draft;
        }
    }

    private static void ReadCities(JsonElement root, ReleaseDraft draft, List<Reason> problems)
    {
        if (!root.TryGetProperty("cities", out var cities) || cities.ValueKind == JsonValueKind.Null) return;
        if (cities.ValueKind != JsonValueKind.Array) { problems.Add(new("cities", "must be an array")); return; }

        var i = 0;
        foreach (var city in cities.EnumerateArray())
        {
            var at = new CityDraft($"cities[{i++}]");
            if (city.ValueKind != JsonValueKind.Object) { problems.Add(at.Says("must be an object")); continue; }
            draft.Cities.Add(at with
            {
                CityCode = String(city, "cityCode", problems, at),
                Name = String(city, "name", problems, at),
                Province = String(city, "province", problems, at),
                Total = Number(city, "total", problems, at),
                Exports = Number(city, "exports", problems, at),
                Imports = Number(city, "imports", problems, at),
                YoyPct = Number(city, "yoyPct", problems, at),
            });
        }
    }

    /// <summary>A field of the release, or of <paramref name="city"/> when one is given.</summary>
    private static string? String(JsonElement obj, string name, List<Reason> problems, CityDraft? city = null)
    {
        if (!obj.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null) return null;
        if (value.ValueKind == JsonValueKind.String) return value.GetString();
        problems.Add(Wrong(name, "must be a string", city));
        return null;
    }

    private static decimal? Number(JsonElement obj, string name, List<Reason> problems, CityDraft? city = null)
    {
        if (!obj.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null) return null;
        if (value.ValueKind != JsonValueKind.Number) { problems.Add(Wrong(name, "must be a number", city)); return null; }
        if (value.TryGetDecimal(out var number)) return number;
        problems.Add(Wrong(name, $"{value.GetRawText()} is not a decimal number in range", city));
        return null;
    }

    private static Reason Wrong(string name, string message, CityDraft? city) => city?.Says(name, message) ?? new(name, message);
}
