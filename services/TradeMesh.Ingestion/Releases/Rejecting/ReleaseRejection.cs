namespace TradeMesh.Ingestion.Releases.Rejecting;

/// <summary>
/// The last refusal of a release id, over HTTP or AMQP, so that its status URL says why. Kept apart
/// from <see cref="SubmittingRelease.ReleaseIntake"/>: a rejection does not reserve the id, and a
/// release accepted under it is what its status shows from then on.
/// </summary>
public sealed class ReleaseRejection
{
    public string Id { get; set; } = "";
    public List<string> Reasons { get; set; } = [];
    public DateTimeOffset RejectedAt { get; set; }
    public string? TraceId { get; set; }
}
