namespace TradeMesh.EndToEnd.Tests.Faults;

/// <summary>
/// What was in flight when a fault fired: releases accepted and not yet applied (from their
/// statuses, at that moment), and the queues' messages ready and unacknowledged (RabbitMQ's
/// management API, which refreshes them every few seconds).
/// </summary>
public sealed record InFlight(int NotApplied, long ProjectionsReady, long ProjectionsUnacked, long ReleasesReady, long ReleasesUnacked)
{
    public override string ToString() =>
        $"{NotApplied} releases not applied; projections queue {ProjectionsReady} ready / {ProjectionsUnacked} unacked; releases queue {ReleasesReady} / {ReleasesUnacked}";

    /// <summary>Polls until some accepted release is not applied yet, and answers what was in flight then.</summary>
    public static async Task<InFlight> WaitAsync(TradeMeshSystem system, ReleaseStream stream, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        // A release once applied stays applied, so each poll asks only about the others: asking about
        // every release of the earlier phases made a poll slower than a 1,000-city release's apply.
        var applied = new HashSet<string>();
        while (true)
        {
            foreach (var id in stream.Accepted.Keys.Where(id => !applied.Contains(id)).ToList())
                if (await AppliedAsync(system, [id], stream.Accepted) == 1) applied.Add(id);
            var notApplied = stream.Accepted.Count - applied.Count;
            if (notApplied > 0 || DateTime.UtcNow > deadline)
            {
                var (pr, pu) = await QueueAsync(system, "trademesh.projections");
                var (rr, ru) = await QueueAsync(system, "trademesh.releases");
                return new InFlight(notApplied, pr, pu, rr, ru);
            }
            await Task.Delay(100);
        }
    }

    /// <summary>How many of the releases are applied with every city, counted from their statuses.</summary>
    public static async Task<int> AppliedAsync(TradeMeshSystem system, IEnumerable<string> ids, IReadOnlyDictionary<string, int> cities)
    {
        var applied = 0;
        foreach (var id in ids)
        {
            try
            {
                using var response = await system.Gateway.GetAsync($"/api/releases/{Uri.EscapeDataString(id)}");
                if (!response.IsSuccessStatusCode) continue;
                var status = await response.Content.ReadFromJsonAsync<JsonElement>();
                if (status.GetProperty("status").GetString() == "applied" && status.GetProperty("applied").GetInt32() == cities[id]) applied++;
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException) { /* unanswered: not counted as applied */ }
        }
        return applied;
    }

    public static async Task<(long Ready, long Unacked)> QueueAsync(TradeMeshSystem system, string queue)
    {
        using var management = TradeMeshSystem.ManagementClient(system.Dependencies);
        var info = await management.GetFromJsonAsync<JsonElement>($"api/queues/{Uri.EscapeDataString(system.VirtualHost)}/{Uri.EscapeDataString(queue)}");
        static long Count(JsonElement e, string name) => e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number ? v.GetInt64() : 0;
        return (Count(info, "messages_ready"), Count(info, "messages_unacknowledged"));
    }
}
