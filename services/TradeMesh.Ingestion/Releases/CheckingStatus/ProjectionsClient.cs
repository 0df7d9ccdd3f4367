using System.Net;

namespace TradeMesh.Ingestion.Releases.CheckingStatus;

/// <summary>Asks the projection service how far a release has been applied (its internal API).</summary>
public sealed class ProjectionsClient(HttpClient http)
{
    private sealed record Progress(string ReleaseId, int Cities, int Applied);

    public async Task<int> AppliedCitiesAsync(string releaseId, CancellationToken ct)
    {
        using var response = await http.GetAsync($"internal/releases/{Uri.EscapeDataString(releaseId)}/progress", ct);
        if (response.StatusCode == HttpStatusCode.NotFound) return 0;
        response.EnsureSuccessStatusCode();
        var progress = await response.Content.ReadFromJsonAsync<Progress>(ct);
        return progress?.Applied ?? 0;
    }
}
