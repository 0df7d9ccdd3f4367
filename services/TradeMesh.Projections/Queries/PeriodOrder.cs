using TradeMesh.Contracts;

namespace TradeMesh.Projections.Queries;

/// <summary>Periods in time: by the month they end, then the longer span first (2025 before 2025-12-…, YTD before the month).</summary>
public static class PeriodOrder
{
    public static (int Year, int Month, int Span) Key(Period p) =>
        (p.Year, p.Month, p.Kind switch { PeriodKind.Year => 0, PeriodKind.YearToDate => 1, _ => 2 });

    public static (int Year, int Month, int Span) Key(string period) => Key(Period.Parse(period));

    /// <summary>Oldest first; within the same end month the longer span first (tuples compare field by field).</summary>
    public static IComparer<string> Chronological { get; } = Comparer<string>.Create((a, b) => Key(a).CompareTo(Key(b)));

    /// <summary>Newest period end first, then the longer span first: 2025, 2025-12, 2025-11-YTD, 2025-11.</summary>
    public static IComparer<string> NewestFirst { get; } = Comparer<string>.Create((a, b) =>
    {
        var (ka, kb) = (Key(a), Key(b));
        return (kb.Year, kb.Month, ka.Span).CompareTo((ka.Year, ka.Month, kb.Span));
    });
}
