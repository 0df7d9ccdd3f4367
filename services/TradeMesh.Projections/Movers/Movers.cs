namespace TradeMesh.Projections.Movers;

/// <summary>
/// Who moved between the comparison period and this one, as docs/api.md defines it. Not named
/// Movers (the namespace is); the OpenAPI document still calls its schema Movers (ProjectionsOpenApi).
/// </summary>
public sealed record PeriodMovers(
    string Period,
    string ComparedWith,
    string Measure,
    IReadOnlyList<GrowthMover> FastestGrowth,
    IReadOnlyList<GrowthMover> SteepestDecline,
    IReadOnlyList<RankMover> Climbers,
    IReadOnlyList<RankMover> Fallers,
    IReadOnlyList<Overtake> Overtakes,
    IReadOnlyList<Milestone> Milestones,
    string? Unit = null,
    string? Level = null)
{
    /// <summary>The same movers with each bounded list cut to <paramref name="top"/>.</summary>
    public PeriodMovers Top(int top) => this with
    {
        FastestGrowth = [.. FastestGrowth.Take(top)],
        SteepestDecline = [.. SteepestDecline.Take(top)],
        Climbers = [.. Climbers.Take(top)],
        Fallers = [.. Fallers.Take(top)],
    };
}

public sealed record GrowthMover(string CityCode, string Name, decimal Value, decimal YoyPct, string? NameZh = null);

public sealed record RankMover(string CityCode, string Name, int Rank, int PreviousRank, int RankChange, string? NameZh = null);

public sealed record Overtake(string CityCode, string Name, int Rank, string OvertakenCityCode, string OvertakenName, int OvertakenRank, string? NameZh = null);

/// <summary>A threshold crossed; <see cref="FirstTime"/> is set when answering (it depends on every earlier period, not only this one).</summary>
public sealed record Milestone(string CityCode, string Name, decimal Value, decimal Threshold, string Direction, bool FirstTime = false, string? NameZh = null);
