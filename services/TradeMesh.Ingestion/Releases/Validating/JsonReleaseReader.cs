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
        if (!System.Text.Unicode.Utf8.IsValid(body.Span)) return new ReleaseDraft { Problems = { "body: not valid UTF-8" } };

        JsonDocument document;
        try
        {
            // A key given twice is ambiguous (which figure did the publisher mean?): refused, not guessed.
            document = JsonDocument.Parse(body, new JsonDocumentOptions { MaxDepth = MaxDepth, AllowDuplicateProperties = false });
        }
        catch (JsonException ex)
        {
            return new ReleaseDraft { Problems = { $"body: not valid JSON ({ex.Message})" } };
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
                return new ReleaseDraft { Problems = { "body: must be a JSON object" } };

            var problems = new List<string>();
            var draft = new ReleaseDraft
            {
                ReleaseId = String(root, "releaseId", "releaseId", problems),
                Source = String(root, "source", "source", problems),
                Period = String(root, "period", "period", problems),
                Stage = String(root, "stage", "stage", problems),
                Unit = String(root, "unit", "unit", problems),
                PublishedAt = String(root, "publishedAt", "publishedAt", problems),
                NationalTotal = Number(root, "nationalTotal", "nationalTotal", problems),
                Problems = problems,
            };
            ReadCities(root, draft, problems);
            return draft;
        }
    }

    private static void ReadCities(JsonElement root, ReleaseDraft draft, List<string> problems)
    {
        if (!root.TryGetProperty("cities", out var cities) || cities.ValueKind == JsonValueKind.Null) return;
        if (cities.ValueKind != JsonValueKind.Array) { problems.Add("cities: must be an array"); return; }

        var i = 0;
        foreach (var city in cities.EnumerateArray())
        {
            var where = $"cities[{i++}]";
            if (city.ValueKind != JsonValueKind.Object) { problems.Add($"{where}: must be an object"); continue; }
            draft.Cities.Add(new CityDraft(where)
            {
                CityCode = String(city, "cityCode", $"{where}.cityCode", problems),
                Name = String(city, "name", $"{where}.name", problems),
                Province = String(city, "province", $"{where}.province", problems),
                Total = Number(city, "total", $"{where}.total", problems),
                Exports = Number(city, "exports", $"{where}.exports", problems),
                Imports = Number(city, "imports", $"{where}.imports", problems),
                YoyPct = Number(city, "yoyPct", $"{where}.yoyPct", problems),
            });
        }
    }

    private static string? String(JsonElement obj, string name, string path, List<string> problems)
    {
        if (!obj.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null) return null;
        if (value.ValueKind == JsonValueKind.String) return value.GetString();
        problems.Add($"{path}: must be a string");
        return null;
    }

    private static decimal? Number(JsonElement obj, string name, string path, List<string> problems)
    {
        if (!obj.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null) return null;
        if (value.ValueKind != JsonValueKind.Number) { problems.Add($"{path}: must be a number"); return null; }
        if (value.TryGetDecimal(out var number)) return number;
        problems.Add($"{path}: {value.GetRawText()} is not a decimal number in range");
        return null;
    }
}
