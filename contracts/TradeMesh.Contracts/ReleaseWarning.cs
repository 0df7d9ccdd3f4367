namespace TradeMesh.Contracts;

/// <summary>
/// Something a release that passed the rules may have wrong (docs/api.md, "Warnings"): it is applied
/// all the same, and its status and its release-applied event list the warning. Ingestion finds
/// those the release shows by itself; the projection service adds those that need the stored
/// figures (yoy-mismatch, scale-jump).
/// </summary>
public sealed record ReleaseWarning(string Code, string? CityCode, string Message)
{
    public const string ProvinceMismatch = "province-mismatch";
    public const string SumExceedsNational = "sum-exceeds-national";
    public const string YoyMismatch = "yoy-mismatch";
    public const string ScaleJump = "scale-jump";

    /// <summary>How many an answer lists; warningCount counts them all.</summary>
    public const int Listed = 100;

    /// <summary>By code, then city code (a release-wide warning, without a city, first).</summary>
    public static List<ReleaseWarning> Ordered(IEnumerable<ReleaseWarning> warnings) =>
        [.. warnings.OrderBy(w => w.Code, StringComparer.Ordinal).ThenBy(w => w.CityCode ?? "", StringComparer.Ordinal)];
}
