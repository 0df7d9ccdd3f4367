namespace TradeMesh.Contracts;

/// <summary>
/// A release that every read model now includes, announced once on the fanout exchange
/// <c>trademesh.release-applied</c> (plain JSON, message id = <see cref="ReleaseId"/>) and on
/// GET /api/feed, with its warnings and what it changed on release day. <see cref="FeedId"/> is
/// the feed's event id: increasing, one per release.
/// </summary>
public record TradeReleaseApplied(
    long FeedId,
    string ReleaseId,
    string Period,
    string Stage,
    DateTimeOffset PublishedAt,
    int Cities,
    DateTimeOffset AppliedAt,
    IReadOnlyList<ReleaseWarning> Warnings,
    int WarningCount,
    ReleaseDigest Digest);
