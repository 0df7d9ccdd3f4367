namespace TradeMesh.Contracts;

/// <summary>
/// What a release changed in its period's total city ranking: cities new in the top ten, first-time
/// milestones and overtakes of its cities, and its five biggest changes (as GET /api/releases/{id}/changes).
/// </summary>
public record ReleaseDigest(
    IReadOnlyList<string> EnteredTopTen,
    IReadOnlyList<DigestMilestone> FirstTimeMilestones,
    IReadOnlyList<DigestOvertake> Overtakes,
    IReadOnlyList<DigestChange> BiggestChanges);
