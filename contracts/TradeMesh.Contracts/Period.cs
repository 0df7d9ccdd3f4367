using System.Globalization;
using System.Text.RegularExpressions;

namespace TradeMesh.Contracts;

/// <summary>The shape of a period: a calendar year, one month, or January-to-month cumulative.</summary>
public enum PeriodKind { Year, Month, YearToDate }

/// <summary>
/// A statistics period: <c>YYYY</c>, <c>YYYY-MM</c> or <c>YYYY-MM-YTD</c>.
/// <c>YYYY-12-YTD</c> is the same period as <c>YYYY</c>, so it is normalised to it on parse.
/// </summary>
public readonly partial record struct Period(PeriodKind Kind, int Year, int Month)
{
    public static bool TryParse(string? text, out Period period)
    {
        period = default;
        var match = text is null ? Match.Empty : Shape().Match(text);
        if (!match.Success) return false;

        var year = int.Parse(match.Groups["y"].Value, CultureInfo.InvariantCulture);
        if (year < 1900 || year > 2999) return false;
        if (!match.Groups["m"].Success) { period = new(PeriodKind.Year, year, 12); return true; }

        var month = int.Parse(match.Groups["m"].Value, CultureInfo.InvariantCulture);
        if (month is < 1 or > 12) return false;
        var ytd = match.Groups["ytd"].Success;
        period = ytd && month == 12 ? new(PeriodKind.Year, year, 12)
            : new(ytd ? PeriodKind.YearToDate : PeriodKind.Month, year, month);
        return true;
    }

    public static Period Parse(string text) =>
        TryParse(text, out var period) ? period : throw new FormatException($"'{text}' is not a period (YYYY, YYYY-MM or YYYY-MM-YTD).");

    /// <summary>The same shape one year earlier: what growth and previous ranks compare with.</summary>
    public Period ComparisonPeriod => this with { Year = Year - 1 };

    /// <summary>The period one year later, whose comparison period this is.</summary>
    public Period FollowingPeriod => this with { Year = Year + 1 };

    public override string ToString() => Kind switch
    {
        PeriodKind.Year => Year.ToString("D4", CultureInfo.InvariantCulture),
        PeriodKind.Month => $"{Year:D4}-{Month:D2}",
        _ => $"{Year:D4}-{Month:D2}-YTD",
    };

    [GeneratedRegex(@"^(?<y>[0-9]{4})(-(?<m>[0-9]{2})(?<ytd>-YTD)?)?\z")]
    private static partial Regex Shape();
}
