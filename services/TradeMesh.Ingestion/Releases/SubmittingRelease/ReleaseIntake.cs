namespace TradeMesh.Ingestion.Releases.SubmittingRelease;

/// <summary>
/// What ingestion remembers of a release id: the content it was first sent with (so a re-send is
/// recognised) and whether the broker has confirmed its events (so an interrupted intake is finished
/// by the next identical send, never answered 202 without events behind it). Only an accepted
/// release makes one: a refusal is a <see cref="Rejecting.ReleaseRejection"/>.
/// </summary>
public sealed class ReleaseIntake
{
    public string Id { get; set; } = "";
    public string ContentHash { get; set; } = "";
    public int Cities { get; set; }
    /// <summary>What ingestion saw wrong in the release by itself (the projection service adds its own).</summary>
    public List<Contracts.ReleaseWarning> Warnings { get; set; } = [];
    public bool Published { get; set; }
    public DateTimeOffset ReceivedAt { get; set; }
    public string? TraceId { get; set; }
}
