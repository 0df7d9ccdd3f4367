namespace TradeMesh.EndToEnd.Tests.OpenApi;

/// <summary>
/// The services' OpenAPI documents, served by the gateway, describe the public API with
/// the names of docs/api.md; ApiReferencePageTests checks that /docs renders them.
/// </summary>
[Collection(SystemCollection.Name)]
public sealed class OpenApiTests(SystemFixture fixture)
{
    private readonly HttpClient _gateway = fixture.System.Gateway;

    private static readonly string[] RankingEntryFields =
        ["rank", "cityCode", "name", "province", "value", "sharePct", "gapToAbove", "yoyPct", "previousRank", "rankChange", "stage", "releaseId", "nameZh", "provinceZh"];

    [Fact]
    public async Task The_gateway_serves_both_documents()
    {
        foreach (var path in new[] { "/openapi/ingestion.json", "/openapi/projections.json" })
        {
            var doc = await _gateway.GetJsonAsync(path);
            Assert.StartsWith("3.", doc.GetProperty("openapi").GetString());
            Assert.True(doc.GetProperty("paths").EnumerateObject().Any(), $"{path} has no paths");
        }
    }

    [Fact]
    public async Task The_projections_document_describes_every_query_and_the_ranking_fields()
    {
        var doc = await _gateway.GetJsonAsync("/openapi/projections.json");
        var paths = doc.GetProperty("paths");
        foreach (var path in new[] { "/api/rankings/{period}", "/api/movers/{period}", "/api/cities/{cityCode}/history", "/api/periods" })
        {
            Assert.True(paths.TryGetProperty(path, out var item), $"{path} missing from {string.Join(", ", paths.EnumerateObject().Select(p => p.Name))}");
            Assert.True(item.TryGetProperty("get", out var get), $"GET {path} missing");
            Assert.False(string.IsNullOrEmpty(get.TryGetProperty("summary", out var s) ? s.GetString() : null), $"GET {path} has no summary");
        }
        Assert.DoesNotContain(paths.EnumerateObject(), p => p.Name.StartsWith("/internal") || p.Name.StartsWith("/admin"));

        var ranking = Resolve(doc, paths.GetProperty("/api/rankings/{period}").GetProperty("get")
            .GetProperty("responses").GetProperty("200").GetProperty("content").GetProperty("application/json").GetProperty("schema"));
        var rankingFields = Properties(doc, ranking);
        Assert.Superset(new HashSet<string> { "period", "measure", "unit", "shareBasis", "nationalTotal", "comparedWith", "entries" }, rankingFields.Keys.ToHashSet());
        var entry = Resolve(doc, Resolve(doc, rankingFields["entries"]).GetProperty("items"));
        Assert.Equal(RankingEntryFields.Order(), Properties(doc, entry).Keys.Order());
        Assert.Equal(["number"], Types(Properties(doc, entry)["value"]));

        var movers = Resolve(doc, paths.GetProperty("/api/movers/{period}").GetProperty("get")
            .GetProperty("responses").GetProperty("200").GetProperty("content").GetProperty("application/json").GetProperty("schema"));
        Assert.Superset(new HashSet<string> { "fastestGrowth", "steepestDecline", "climbers", "fallers", "overtakes", "milestones" },
            Properties(doc, movers).Keys.ToHashSet());

        var rankingParameters = paths.GetProperty("/api/rankings/{period}").GetProperty("get").GetProperty("parameters")
            .EnumerateArray().Select(p => Resolve(doc, p).GetProperty("name").GetString()).ToHashSet();
        Assert.Superset(new HashSet<string?> { "period", "measure", "top", "province", "asOf" }, rankingParameters);
    }

    [Fact]
    public async Task The_ingestion_document_describes_the_release_body()
    {
        var doc = await _gateway.GetJsonAsync("/openapi/ingestion.json");
        var post = Operation(doc, "/api/releases", "post");
        var content = Resolve(doc, post.GetProperty("requestBody")).GetProperty("content");
        Assert.True(content.TryGetProperty("text/csv", out _), "text/csv request body missing");

        var release = Properties(doc, Resolve(doc, content.GetProperty("application/json").GetProperty("schema")));
        Assert.Superset(new HashSet<string> { "releaseId", "source", "period", "stage", "unit", "publishedAt", "nationalTotal", "cities" },
            release.Keys.ToHashSet());
        var city = Properties(doc, Resolve(doc, Resolve(doc, release["cities"]).GetProperty("items")));
        Assert.Equal(new[] { "cityCode", "name", "province", "total", "exports", "imports", "yoyPct" }.Order(), city.Keys.Order());
        // The reader takes numbers only (not numbers in strings), and requires what the release rules require.
        Assert.Equal(["number"], Types(city["total"]));
        Assert.Equal(["null", "number"], Types(city["yoyPct"]));
        var releaseSchema = Resolve(doc, content.GetProperty("application/json").GetProperty("schema"));
        Assert.Equal(new[] { "releaseId", "period", "stage", "unit", "publishedAt", "cities" }.Order(),
            releaseSchema.GetProperty("required").EnumerateArray().Select(r => r.GetString()!).Order());

        var accepted = Resolve(doc, post.GetProperty("responses").GetProperty("202").GetProperty("content")
            .GetProperty("application/json").GetProperty("schema"));
        Assert.Superset(new HashSet<string> { "releaseId", "status", "cities", "statusUrl" }, Properties(doc, accepted).Keys.ToHashSet());
        Operation(doc, "/api/releases/{releaseId}", "get");
    }

    private static JsonElement Operation(JsonElement doc, string path, string method)
    {
        var paths = doc.GetProperty("paths");
        Assert.True(paths.TryGetProperty(path, out var item), $"{path} missing from {string.Join(", ", paths.EnumerateObject().Select(p => p.Name))}");
        Assert.True(item.TryGetProperty(method, out var operation), $"{method} {path} missing: {item}");
        return operation;
    }

    /// <summary>Follows "$ref": "#/components/schemas/X" (and a nullable wrapper) to the schema itself.</summary>
    private static JsonElement Resolve(JsonElement doc, JsonElement schema)
    {
        for (var i = 0; i < 20; i++)
        {
            if (schema.TryGetProperty("$ref", out var reference))
            {
                schema = doc;
                foreach (var part in reference.GetString()!.TrimStart('#', '/').Split('/'))
                    schema = schema.GetProperty(Uri.UnescapeDataString(part).Replace("~1", "/").Replace("~0", "~"));
                continue;
            }
            if (!schema.TryGetProperty("properties", out _) && !schema.TryGetProperty("items", out _)
                && (schema.TryGetProperty("oneOf", out var options) || schema.TryGetProperty("anyOf", out options)))
            {
                var candidates = options.EnumerateArray().Where(o => !(o.TryGetProperty("type", out var t) && t.ValueKind == JsonValueKind.String && t.GetString() == "null")).ToList();
                if (candidates.Count > 0) { schema = candidates[0]; continue; }
            }
            return schema;
        }
        return schema;
    }

    private static string[] Types(JsonElement schema)
    {
        var type = schema.GetProperty("type");
        return type.ValueKind == JsonValueKind.Array ? [.. type.EnumerateArray().Select(t => t.GetString()!).Order()] : [type.GetString()!];
    }

    private static Dictionary<string, JsonElement> Properties(JsonElement doc, JsonElement schema)
    {
        Assert.True(Resolve(doc, schema).TryGetProperty("properties", out var properties), $"no properties in {schema}");
        return properties.EnumerateObject().ToDictionary(p => p.Name, p => p.Value);
    }
}
