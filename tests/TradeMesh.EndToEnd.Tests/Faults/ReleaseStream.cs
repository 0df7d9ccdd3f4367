using System.Collections.Concurrent;

namespace TradeMesh.EndToEnd.Tests.Faults;

/// <summary>
/// Pushes releases as a careful publisher does while parts of the system crash: over HTTP a
/// release is accepted by a 202, over AMQP by the broker's publisher confirm; anything else
/// (503, 502, a refused connection, a nack) is tried again a second later. It keeps the ledger
/// the fault suite checks the system against.
/// </summary>
public sealed class ReleaseStream(TradeMeshSystem system)
{
    private static readonly TimeSpan GiveUpAfter = TimeSpan.FromMinutes(3);
    private int _pushes;

    /// <summary>Every push attempt, accepted or not.</summary>
    public int Pushes => _pushes;
    /// <summary>Answers that are neither accepted nor "unavailable, try again" (500, 400...): a fault must never cause one.</summary>
    public ConcurrentBag<string> WrongAnswers { get; } = [];
    /// <summary>Accepted releases and their city counts.</summary>
    public ConcurrentDictionary<string, int> Accepted { get; } = new();

    /// <summary>POSTs through the gateway; the first attempt goes straight to one service when <paramref name="to"/> is given.</summary>
    public Task PushHttpAsync(string releaseId, string json, int cities, Uri? to = null) =>
        UntilAcceptedAsync(releaseId, cities, async attempt =>
        {
            using var content = new StringContent(json, Encoding.UTF8, "application/json");
            using var direct = system.DirectClient(null);
            using var response = to is null || attempt > 1
                ? await system.Gateway.PostAsync("/api/releases", content)
                : await direct.PostAsync(new Uri(to, "api/releases"), content);
            // 502/504: the gateway lost the service; 503: a dependency is down. Anything else is a bug.
            if (response.StatusCode is not (HttpStatusCode.Accepted or HttpStatusCode.BadGateway
                or HttpStatusCode.ServiceUnavailable or HttpStatusCode.GatewayTimeout))
                WrongAnswers.Add($"{releaseId}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
            return response.StatusCode == HttpStatusCode.Accepted;
        });

    /// <summary>
    /// Publishes the raw JSON to the trademesh.releases exchange, persistent and mandatory, awaiting
    /// the confirm; on a cluster each attempt goes to the next node.
    /// </summary>
    public Task PushAmqpAsync(string releaseId, string json, int cities) =>
        UntilAcceptedAsync(releaseId, cities, async attempt =>
        {
            await ConfirmedAmqp.PublishAsync(system.AmqpNodes[(attempt - 1) % system.AmqpNodes.Count], "trademesh.releases", "", [json]);
            return true;
        });

    private async Task UntilAcceptedAsync(string releaseId, int cities, Func<int, Task<bool>> push)
    {
        var deadline = DateTime.UtcNow + GiveUpAfter;
        var last = "refused";
        for (var attempt = 1; ; attempt++)
        {
            Interlocked.Increment(ref _pushes);
            try
            {
                if (await push(attempt))
                {
                    Accepted[releaseId] = cities;
                    return;
                }
            }
            catch (Exception ex)
            {
                // Refused or cut off mid-way (connection refused, broker gone, nack): not accepted, so try again.
                last = ex.Message;
            }
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"{releaseId} not accepted within {GiveUpAfter}: {last}");
            await Task.Delay(1_000);
        }
    }
}
