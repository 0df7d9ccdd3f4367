namespace TradeMesh.Contracts;

/// <summary>Money units a release may use; everything is stored in <see cref="CNY_100M"/> (亿元).</summary>
public enum TradeUnit
{
    /// <summary>yuan</summary>
    CNY,
    /// <summary>万元, 10^4 yuan</summary>
    CNY_10K,
    /// <summary>亿元, 10^8 yuan: the canonical unit</summary>
    CNY_100M,
    /// <summary>10^9 yuan</summary>
    CNY_BN,
    /// <summary>万亿, 10^12 yuan</summary>
    CNY_TN,
}

/// <summary>Exact decimal conversion: no floating point ever touches a figure.</summary>
public static class TradeUnits
{
    public const string Canonical = nameof(TradeUnit.CNY_100M);

    public static bool TryParse(string? text, out TradeUnit unit)
    {
        // Exact names only: Enum.TryParse would take "CNY_10K,CNY_100M" (OR-ed to CNY_BN) or " CNY_TN ".
        unit = text switch
        {
            "CNY" => TradeUnit.CNY,
            "CNY_10K" => TradeUnit.CNY_10K,
            "CNY_100M" => TradeUnit.CNY_100M,
            "CNY_BN" => TradeUnit.CNY_BN,
            "CNY_TN" => TradeUnit.CNY_TN,
            _ => (TradeUnit)(-1),
        };
        return unit >= 0;
    }

    /// <summary>The largest figure taken, in 亿元 (10^21 yuan, far beyond any economy): sums and ratios of figures then never overflow.</summary>
    public const decimal MaxCanonical = 10_000_000_000_000m;

    /// <summary>The finest figure taken, in 亿元: one yuan.</summary>
    public const decimal Yuan = 0.00000001m;

    /// <summary>
    /// Converts exactly or says why not: too large, or finer than one yuan (which a conversion
    /// could not keep exactly and no trade statistic means).
    /// </summary>
    public static bool TryToCanonical(decimal value, TradeUnit unit, out decimal canonical, out string? problem)
    {
        canonical = 0;
        problem = null;
        var factor = unit switch
        {
            TradeUnit.CNY => Yuan, TradeUnit.CNY_10K => 0.0001m, TradeUnit.CNY_100M => 1m,
            TradeUnit.CNY_BN => 10m, _ => 10_000m,
        };
        if (Math.Abs(value) > MaxCanonical / factor) { problem = $"at most {MaxCanonical / factor:0} {unit}"; return false; }
        canonical = ToCanonical(value, unit);
        if (canonical % Yuan != 0) { problem = "finer than one yuan"; return false; }
        return true;
    }

    /// <summary>The value in 亿元, with trailing zeros dropped (0.856 万亿 is 8560, not 8560.000).</summary>
    public static decimal ToCanonical(decimal value, TradeUnit unit) => Normalize(unit switch
    {
        TradeUnit.CNY => value / 100_000_000m,
        TradeUnit.CNY_10K => value / 10_000m,
        TradeUnit.CNY_100M => value,
        TradeUnit.CNY_BN => value * 10m,
        TradeUnit.CNY_TN => value * 10_000m,
        _ => throw new ArgumentOutOfRangeException(nameof(unit)),
    });

    /// <summary>Drops trailing zeros while keeping the value exact.</summary>
    public static decimal Normalize(decimal value) => value / 1.0000000000000000000000000000m;
}
