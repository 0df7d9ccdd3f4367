using System.Net;

namespace TradeMesh.Ingestion.Releases.CheckingStatus;

/// <summary>Asks the projection service how far a release has been applied (its internal API).</summary>
public sealed class ProjectionsClient(HttpClient http)
{
    private sealed record Progress(string ReleaseId, int Cities, int Applied);

    /// <summary>Cities applied so far; 0 when unknown (the projection service away answers "accepted", not an error).</summary>
    public async Task<int> AppliedCitiesAsync(string releaseId, CancellationToken ct)
    {
        try
        {
            using var response = await http.GetAsync($"internal/releases/{Uri.EscapeDataString(releaseId)}/progress", ct);
            if (response.StatusCode == HttpStatusCode.NotFound || !response.IsSuccessStatusCode) return 0;
            var progress = await response.Content.ReadFromJsonAsync<Progress>(ct);
            return progress?.Applied ?? 0;
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException && !ct.IsCancellationRequested)
        {
            return 0;
        }
    }
}
