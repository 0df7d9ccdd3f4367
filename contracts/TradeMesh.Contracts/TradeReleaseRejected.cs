namespace TradeMesh.Contracts;

/// <summary>A release that failed validation; nothing of it was applied. Every reason is listed.</summary>
public record TradeReleaseRejected(string ReleaseId, IReadOnlyList<string> Reasons, DateTimeOffset RejectedAt);
