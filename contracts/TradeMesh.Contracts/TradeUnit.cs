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
        unit = default;
        return text is not null && Enum.TryParse(text, ignoreCase: false, out unit) && Enum.IsDefined(unit)
            && !int.TryParse(text, out _);
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
