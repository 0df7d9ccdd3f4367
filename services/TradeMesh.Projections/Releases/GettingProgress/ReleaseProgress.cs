using TradeMesh.Contracts;

namespace TradeMesh.Projections.Releases.GettingProgress;

/// <summary>
/// How many of a release's cities the read models already include. Written in the same
/// transaction as the rankings, so "every city counted" means "every read model includes it".
/// </summary>
public sealed class ReleaseProgress : TradeMesh.Projections.ReadModels.IReadModel
{
    public string Id { get; set; } = "";
    public string Period { get; set; } = "";
    public int Cities { get; set; }
    public int Applied { get; set; }
    public DateTimeOffset PublishedAt { get; set; }
    public string Stage { get; set; } = "";
    /// <summary>When every city was in (the batch that completed it); null until then.</summary>
    public DateTimeOffset? AppliedAt { get; set; }
    /// <summary>The warnings found as the release became complete (<see cref="Warning.ReleaseWarnings.AtApply"/>).</summary>
    public List<ReleaseWarning> Warnings { get; set; } = [];
}
