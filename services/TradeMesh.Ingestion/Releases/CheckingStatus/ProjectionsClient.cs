using TradeMesh.Contracts;

namespace TradeMesh.Ingestion.Releases.CheckingStatus;

/// <summary>Asks the projection service how far a release has been applied (its internal API).</summary>
public sealed class ProjectionsClient(HttpClient http)
{
    public sealed record Progress(int Applied, IReadOnlyList<ReleaseWarning> Warnings);

    private static readonly Progress Unknown = new(0, []);

    /// <summary>Cities applied so far and the warnings found; none when unknown (the projection service away answers "accepted", not an error).</summary>
    public async Task<Progress> ProgressAsync(string releaseId, CancellationToken ct)
    {
        try
        {
            using var response = await http.GetAsync($"internal/releases/{Uri.EscapeDataString(releaseId)}/progress", ct);
            if (!response.IsSuccessStatusCode) return Unknown;
            var progress = await response.Content.ReadFromJsonAsync<Progress>(ct);
            return progress is null ? Unknown : progress with { Warnings = progress.Warnings ?? [] };
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException && !ct.IsCancellationRequested)
        {
            return Unknown;
        }
    }
}
