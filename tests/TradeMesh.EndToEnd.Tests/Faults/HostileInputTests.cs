using System.Text.Json.Nodes;

namespace TradeMesh.EndToEnd.Tests.Faults;

/// <summary>
/// Over a thousand generated bad releases (JSON and CSV over HTTP, raw messages over AMQP): each is
/// answered 4xx or rejected with reasons, never a 5xx, and nothing of them is stored. Names with
/// markup or SQL are valid data: they come back verbatim.
/// </summary>
[Collection(SystemCollection.Name)]
public sealed class HostileInputTests(SystemFixture fixture)
{
    private const string Period = "2150";
    private readonly TradeMeshSystem _system = fixture.System;

    private static JsonObject Valid(string id) => JsonNode.Parse(TestReleases.Json(id, Period, [("650100", 10), ("650200", 20)]))!.AsObject();

    /// <summary>Bad JSON bodies: wrong types, impossible numbers, broken syntax, nesting, encodings, duplicates.</summary>
    private static IEnumerable<byte[]> BadJsonBodies()
    {
        JsonNode?[] wrongValues = [JsonValue.Create(true), JsonValue.Create("x"), JsonValue.Create(-5), new JsonArray(1, 2), new JsonObject { ["a"] = 1 }, null];
        var i = 0;
        foreach (var field in new[] { "releaseId", "period", "stage", "unit", "publishedAt", "nationalTotal", "cities" })
            foreach (var value in wrongValues)
            {
                if (field == "releaseId" && value is JsonValue v && v.GetValueKind() == JsonValueKind.String) continue; // "x" is a valid id
                var release = Valid($"hostile-{i++}");
                release[field] = value?.DeepClone();
                if (field != "nationalTotal" || value is not null) yield return Encoding.UTF8.GetBytes(release.ToJsonString());
            }
        foreach (var field in new[] { "cityCode", "name", "total", "exports", "imports", "yoyPct" })
            foreach (var value in wrongValues)
            {
                if (value is null && field is "exports" or "imports" or "yoyPct") continue;
                if (field == "name" && value is null) continue; // a missing name is covered by the rules' unit tests
                if (field is "name" && value is JsonValue v && v.GetValueKind() == JsonValueKind.String) continue; // a name "x" is valid
                if (field is "yoyPct" && value is JsonValue y && y.GetValueKind() == JsonValueKind.Number) continue; // -5 % is valid growth
                var release = Valid($"hostile-{i++}");
                release["cities"]![0]![field] = value?.DeepClone();
                yield return Encoding.UTF8.GetBytes(release.ToJsonString());
            }
        foreach (var literal in new[] { "1e400", "-1e400", "NaN", "Infinity", "-Infinity", "0x10", "1.2.3", "--1", "1e999999999" })
            yield return Encoding.UTF8.GetBytes(Valid($"hostile-{i++}").ToJsonString().Replace("\"total\":10", "\"total\":" + literal));

        var text = Valid("hostile-cut").ToJsonString();
        for (var cut = 1; cut < text.Length; cut++) yield return Encoding.UTF8.GetBytes(text[..cut]);

        yield return Encoding.UTF8.GetBytes(Valid($"hostile-{i++}").ToJsonString().Replace("\"source\":\"test\"", "\"source\":" + new string('[', 200) + new string(']', 200)));
        yield return Encoding.UTF8.GetBytes(Valid($"hostile-{i++}").ToJsonString().Replace("{\"releaseId\"", "{\"period\":\"2150\",\"releaseId\""));
        foreach (var control in new[] { "\\u0000", "\\u0007", "\\n", "\\r", "\\u001b[31m" })
            yield return Encoding.UTF8.GetBytes(Valid($"hostile-{i++}").ToJsonString().Replace("City 650100", "City" + control));
        var utf8 = Encoding.UTF8.GetBytes(Valid($"hostile-{i++}").ToJsonString());
        var broken = utf8.ToList();
        broken.InsertRange(utf8.AsSpan().IndexOf("City"u8), new byte[] { 0xC3, 0x28, 0xFF });
        yield return [.. broken];
        foreach (var junk in new[] { "", "null", "[]", "\"release\"", "42", "{}", "{\"cities\":[]}" }) yield return Encoding.UTF8.GetBytes(junk);
    }

    private static IEnumerable<string> BadCsvBodies()
    {
        const string header = "cityCode,name,province,total,exports,imports,yoyPct";
        var rows = new[]
        {
            "650100,A,P,abc,,,", "650100,A,P,-1,,,", "65010,A,P,1,,,", "650100,A,P,1,2,3,", "650100,A,P,1,,,-100",
            "650100,\"A,P,1,,,", "650100,A,P", "650100,A,P,1,,,,,,", ",A,P,1,,,", "650100,,P,1,,,", "650100,A\u0000,P,1,,,",
            "650100,A,P,1e400,,,", "650100,A,P,NaN,,,", "650100,A,P,1,,,1e9",
        };
        foreach (var row in rows)
            foreach (var suffix in new[] { "", "\n", "\r\n", "\n\n" })
                yield return $"{header}\n{row}{suffix}";
        foreach (var badHeader in new[] { "", "cityCode,total", "cityCode,name,province,total,exports,imports,yoyPct,extra", "a,b,c,d,e,f,g", "\"cityCode" })
            yield return $"{badHeader}\n650100,A,P,1,,,";
        yield return header + "\n" + string.Join("\n", Enumerable.Range(0, 5_001).Select(i => $"{TestCodes.City(i)},C,P,1,,,"));
        yield return $"{header}\n650100,A,P,1,,,\n650100,B,P,2,,,";
    }

    private async Task<HttpResponseMessage> PostAsync(byte[] body, string contentType, string query = "")
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(contentType);
        return await _system.Gateway.PostAsync("/api/releases" + query, content);
    }

    [Fact]
    public async Task A_thousand_bad_releases_get_4xx_with_reasons_and_nothing_is_stored()
    {
        var answers = new List<(int Status, string Body)>();
        var jsonBodies = BadJsonBodies().ToList();
        var csvBodies = BadCsvBodies().ToList();
        var queries = new[]
        {
            $"?releaseId=csv-hostile&period={Period}&stage=official&unit=CNY_100M&publishedAt=2026-01-01T00:00:00Z",
            $"?releaseId=csv%20bad&period=20x0&stage=final&unit=USD&publishedAt=yesterday&nationalTotal=abc",
        };

        // Each JSON body three times (as is, with trailing and with leading white space) and each CSV under both queries.
        foreach (var body in jsonBodies.Concat(jsonBodies.Select(b => b.Concat("\n"u8.ToArray()).ToArray()))
                     .Concat(jsonBodies.Select(b => "\t "u8.ToArray().Concat(b).ToArray())))
        {
            using var response = await PostAsync(body, "application/json");
            answers.Add(((int)response.StatusCode, await response.Content.ReadAsStringAsync()));
        }
        foreach (var csv in csvBodies)
            foreach (var query in queries)
            {
                using var response = await PostAsync(Encoding.UTF8.GetBytes(csv), "text/csv", query);
                answers.Add(((int)response.StatusCode, await response.Content.ReadAsStringAsync()));
            }
        using (var huge = await PostAsync(Encoding.UTF8.GetBytes(Valid("hostile-huge").ToJsonString().Replace("City 650100", new string('x', 10 * 1024 * 1024))), "application/json"))
            answers.Add(((int)huge.StatusCode, ""));

        Assert.True(answers.Count >= 1_000, $"{answers.Count} requests");
        Assert.All(answers, a => Assert.True(a.Status is >= 400 and < 500, $"{a.Status}: {a.Body}"));
        Assert.All(answers.Where(a => a.Status == 400), a => Assert.Contains("\"reasons\"", a.Body));
        await _system.Gateway.GetStringAsync($"/api/rankings/{Period}", HttpStatusCode.NotFound);
        // Refused releases are recorded as rejected (with their reasons), never as accepted.
        var status = await _system.Gateway.GetJsonAsync("/api/releases/csv-hostile");
        Assert.Equal("rejected", status.GetProperty("status").GetString());
        Assert.Equal(0, status.GetProperty("applied").GetInt32());
    }

    [Fact]
    public async Task Bad_messages_over_amqp_are_rejected_or_parked_and_the_consumer_goes_on()
    {
        var tag = Guid.NewGuid().ToString("N")[..8];
        var rejectedIds = new List<string>();
        var bodies = new List<string>();
        foreach (var (mutation, n) in new (Action<JsonObject>, int)[]
        {
            (r => r["stage"] = "final", 20), (r => r["cities"]![0]!["total"] = -1, 20), (r => r["period"] = "2025-13", 20),
            (r => r["cities"] = new JsonArray(), 20), (r => r["unit"] = "CNY_10K,CNY_100M", 20),
        })
            for (var k = 0; k < n; k++)
            {
                var id = $"amqp-hostile-{tag}-{bodies.Count}";
                var release = JsonNode.Parse(TestReleases.Json(id, "2152", [("650300", 1)]))!.AsObject();
                mutation(release);
                bodies.Add(release.ToJsonString());
                rejectedIds.Add(id);
            }
        bodies.AddRange(["not json", "{\"releaseId\": 5}", "[1,2,3]", "{\"period\":\"2152\"}", "\"just a string\""]);
        var good = $"amqp-good-{tag}";
        bodies.Add(TestReleases.Json(good, "2153", [("650400", 4)]));

        await PublishAllWithPikaAsync(bodies);

        await _system.WaitAppliedAsync(good);
        foreach (var id in rejectedIds)
        {
            var status = await WaitStatusAsync(id);
            Assert.Equal("rejected", status.GetProperty("status").GetString());
            Assert.NotEmpty(status.GetProperty("reasons").EnumerateArray());
        }
        await _system.Gateway.GetStringAsync("/api/rankings/2152", HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Names_with_markup_or_sql_are_data_and_come_back_verbatim()
    {
        string[] names = ["<script>alert(1)</script>", "'; DROP TABLE trademesh.mt_events; --", "Robert\"); DELETE FROM x; --", "北京 <b>粗</b> & \u202Eevil", "😀 🇨🇳"];
        var release = JsonNode.Parse(TestReleases.Json(TestReleases.UniqueId("names"), "2151",
            names.Select((_, i) => (TestCodes.City(1000 + i), 100m + i))))!.AsObject();
        for (var i = 0; i < names.Length; i++) release["cities"]![i]!["name"] = names[i];
        await _system.PushAllAsync([release.ToJsonString()]);

        var ranking = await _system.Gateway.GetJsonAsync("/api/rankings/2151");
        Assert.Equal(names.Reverse(), ranking.GetProperty("entries").EnumerateArray().Select(e => e.GetProperty("name").GetString()));
    }

    private async Task<JsonElement> WaitStatusAsync(string id)
    {
        for (var i = 0; i < 300; i++)
        {
            using var response = await _system.Gateway.GetAsync($"/api/releases/{id}");
            if (response.IsSuccessStatusCode) return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
            await Task.Delay(100);
        }
        throw new TimeoutException(id);
    }

    /// <summary>Publishes each body as its own message with pika (one connection, confirms on).</summary>
    private async Task PublishAllWithPikaAsync(IEnumerable<string> bodies)
    {
        const string script = """
            import sys, json, pika
            connection = pika.BlockingConnection(pika.URLParameters(sys.argv[1]))
            channel = connection.channel()
            channel.confirm_delivery()
            for body in json.load(sys.stdin):
                channel.basic_publish(exchange="trademesh.releases", routing_key="", body=body.encode("utf-8"),
                    properties=pika.BasicProperties(content_type="application/json", delivery_mode=2))
            connection.close()
            """;
        var info = new ProcessStartInfo("/usr/bin/python3", ["-c", script, _system.Amqp.ToString()])
        { RedirectStandardInput = true, RedirectStandardError = true, UseShellExecute = false };
        using var process = Process.Start(info)!;
        await process.StandardInput.WriteAsync(JsonSerializer.Serialize(bodies));
        process.StandardInput.Close();
        var errors = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, errors);
    }
}
