using TradeMesh.Contracts;

namespace TradeMesh.Projections.Queries;

/// <summary>Money out of the store (亿元) in the unit a query asked for, exactly (decimal, no rounding).</summary>
public static class Money
{
    public static decimal In(decimal canonical, TradeUnit unit) => TradeUnits.Normalize(unit switch
    {
        TradeUnit.CNY => canonical * 100_000_000m,
        TradeUnit.CNY_10K => canonical * 10_000m,
        TradeUnit.CNY_BN => canonical / 10m,
        TradeUnit.CNY_TN => canonical / 10_000m,
        _ => canonical,
    });

    public static decimal? In(decimal? canonical, TradeUnit unit) => canonical is { } v ? In(v, unit) : null;
}
