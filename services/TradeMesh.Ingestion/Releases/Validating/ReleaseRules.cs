using System.Globalization;
using System.Text.RegularExpressions;
using TradeMesh.Contracts;

namespace TradeMesh.Ingestion.Releases.Validating;

/// <summary>
/// The rules of docs/api.md. A release either passes all of them or is rejected whole with every
/// reason listed: nothing of a failing release is ever applied.
/// </summary>
public static partial class ReleaseRules
{
    public const int MaxCities = 5_000;
    public const decimal MaxYoyPct = 1_000_000m;
    public const int MaxTextLength = 200;

    public static bool IsValidReleaseId(string? releaseId) => releaseId is not null && ReleaseIdShape().IsMatch(releaseId);

    public static (ValidRelease? Release, IReadOnlyList<Reason> Reasons) Validate(ReleaseDraft draft)
    {
        var reasons = new List<Reason>(draft.Problems);
        // A body that is not a JSON object has no fields to judge: that one reason says it all.
        if (reasons.Exists(r => r.Field == Reason.Body)) return (null, reasons);
        // A value with a reason already (unreadable, out of range) gets no "required" on top.
        bool Unread(string field) => reasons.Exists(r => r.Field == field);
        void Require(string? value, string field) { if (value is null && !Unread(field)) reasons.Add(new(field, "required")); }

        Require(draft.ReleaseId, "releaseId");
        if (draft.ReleaseId is { } id && !ReleaseIdShape().IsMatch(id))
            reasons.Add(new("releaseId", "must be 1-200 characters of letters, digits and -_.:"));

        Require(draft.Period, "period");
        var period = default(Period);
        if (draft.Period is { } p && !Period.TryParse(p, out period))
            reasons.Add(new("period", $"'{p}' is not YYYY, YYYY-MM or YYYY-MM-YTD"));

        Require(draft.Stage, "stage");
        var stage = default(ReleaseStage);
        if (draft.Stage is { } s && !ReleaseStages.TryParse(s, out stage))
            reasons.Add(new("stage", $"'{s}' is not preliminary, official or revised"));

        Require(draft.Unit, "unit");
        TradeUnit? unit = null;
        if (draft.Unit is { } u)
        {
            if (TradeUnits.TryParse(u, out var parsed)) unit = parsed;
            else reasons.Add(new("unit", $"'{u}' is not one of {string.Join(", ", Enum.GetNames<TradeUnit>())}"));
        }
        // Money converts to 亿元 as it is checked, so "exact and in range" is one of the listed reasons.
        decimal? Money(decimal? value, Func<string, Reason> reason)
        {
            if (value is not { } v || unit is not { } un) return value;
            if (TradeUnits.TryToCanonical(v, un, out var canonical, out var problem)) return canonical;
            reasons.Add(reason($"{v} {un} is {problem}"));
            return null;
        }

        Require(draft.PublishedAt, "publishedAt");
        var publishedAt = default(DateTimeOffset);
        if (draft.PublishedAt is { } at && !TryParseInstant(at, out publishedAt))
            reasons.Add(new("publishedAt", $"'{at}' is not an ISO-8601 instant with a time zone (e.g. 2026-01-20T08:00:00+08:00)"));

        if (draft.Source is { Length: > MaxTextLength * 5 } || draft.Source?.Any(char.IsControl) == true)
            reasons.Add(new("source", $"at most {MaxTextLength * 5} characters, no control characters"));
        if (draft.NationalTotal is <= 0) reasons.Add(new("nationalTotal", "must be > 0 (leave it out when not reported)"));
        var nationalTotal = Money(draft.NationalTotal, m => new("nationalTotal", m));

        if (draft.Cities.Count == 0 && !Unread("cities")) reasons.Add(new("cities", "at least 1 city is required"));
        if (draft.Cities.Count > MaxCities) reasons.Add(new("cities", $"{draft.Cities.Count} cities, at most {MaxCities} are allowed"));

        var cities = new List<ValidCity>(draft.Cities.Count);
        var warnings = new List<ReleaseWarning>();
        var seen = new Dictionary<string, string>();
        foreach (var city in draft.Cities)
        {
            var converted = city with
            {
                Total = Money(city.Total, m => city.Says("total", m)),
                Exports = Money(city.Exports, m => city.Says("exports", m)),
                Imports = Money(city.Imports, m => city.Says("imports", m)),
            };
            if (CheckCity(converted, reasons, warnings, seen) is { } valid) cities.Add(valid);
        }

        if (reasons.Count > 0) return (null, reasons);

        var sum = cities.Sum(c => c.Total);
        if (nationalTotal is { } national && sum > national)
            warnings.Add(new ReleaseWarning(ReleaseWarning.SumExceedsNational, null,
                $"the cities' totals add up to {sum}, more than the nationalTotal {national} (CNY_100M)"));

        return (new ValidRelease(draft.ReleaseId!, draft.Source, period, stage, publishedAt, nationalTotal, cities)
            { Warnings = ReleaseWarning.Ordered(warnings) }, reasons);
    }

    private static ValidCity? CheckCity(CityDraft city, List<Reason> reasons, List<ReleaseWarning> warnings,
        Dictionary<string, string> seen)
    {
        var at = city.Where;
        var before = reasons.Count;
        bool Unread(string field) => reasons.Exists(r => r.Field == city.Field(field));

        var code = city.CityCode;
        if (code is null) { if (!Unread("cityCode")) reasons.Add(city.Says("cityCode", "required")); }
        else if (!CityCodeShape().IsMatch(code)) reasons.Add(city.Says("cityCode", $"'{code}' is not a 6-digit code"));
        else if (seen.TryGetValue(code, out var first)) reasons.Add(city.Says("cityCode", $"{code} appears twice (also {first})"));
        else seen[code] = at;

        if (city.Total is null) { if (!Unread("total")) reasons.Add(city.Says("total", "required")); }
        else if (city.Total < 0) reasons.Add(city.Says("total", "must be >= 0"));
        if (city.Exports is < 0) reasons.Add(city.Says("exports", "must be >= 0"));
        if (city.Imports is < 0) reasons.Add(city.Says("imports", "must be >= 0"));
        if (city is { Total: { } t and >= 0, Exports: { } e and >= 0, Imports: { } i and >= 0 })
        {
            // Money not converted (the unit unreadable) is not range-checked, so the sum may not fit a decimal.
            decimal? sum = e > decimal.MaxValue - i ? null : e + i;
            if (sum is not { } s || Math.Abs(s - t) > t * 0.001m)
                reasons.Add(city.Says($"exports + imports ({sum?.ToString() ?? "more than a decimal holds"}) differs from total ({t}) by more than 0.1 %"));
        }
        if (city.YoyPct is <= -100) reasons.Add(city.Says("yoyPct", "must be > -100"));
        if (city.YoyPct is > MaxYoyPct) reasons.Add(city.Says("yoyPct", $"must be at most {MaxYoyPct}"));

        foreach (var (field, text) in new[] { ("name", city.Name), ("province", city.Province) })
            if (text is not null && (text.Length > MaxTextLength || text.Any(char.IsControl)))
                reasons.Add(city.Says(field, $"at most {MaxTextLength} characters, no control characters"));

        // The code decides the province; a code that is not a city or county is refused.
        Province? province = null;
        if (code is not null && CityCodeShape().IsMatch(code))
        {
            if (Geography.LevelOf(code) is null)
                reasons.Add(city.Says("cityCode", Geography.ProvinceOf(code) is null
                    ? $"{code} is not a mainland city code (no province has the prefix {code[..2]})"
                    : $"{code} is a province code, not a city or county code"));
            else province = Geography.ProvinceOf(code);
        }

        var name = string.IsNullOrWhiteSpace(city.Name) ? null : city.Name;
        if (name is null && code is not null && Geography.KnownCities.TryGetValue(code, out var known)) name = known.Name;
        if (name is null && !Unread("name")) reasons.Add(city.Says("name", $"required (city {code ?? "?"} is not in the registry)"));

        // A reason about the city or any of its values (this check's or the reader's) leaves it out.
        if (reasons.Count != before || reasons.Exists(r => r.City == at) || province is null) return null;
        var claimed = string.IsNullOrWhiteSpace(city.Province) ? null : city.Province.Trim();
        var mismatch = claimed is not null && Geography.FindProvince(claimed)?.Code != province.Code;
        if (mismatch)
            warnings.Add(new ReleaseWarning(ReleaseWarning.ProvinceMismatch, code,
                $"{city.Field("province")}: '{claimed}' is not the province of {code}, which is {province.Name}; {province.Name} is kept"));
        return new ValidCity(code!, name!, province.Name, city.Total!.Value, city.Exports, city.Imports,
            city.YoyPct is { } y ? TradeUnits.Normalize(y) : null) { ReportedProvince = mismatch ? claimed : null };
    }

    private static bool TryParseInstant(string text, out DateTimeOffset instant)
    {
        instant = default;
        return InstantShape().IsMatch(text)
            && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out instant);
    }

    [GeneratedRegex(@"^[A-Za-z0-9\-_.:]{1,200}\z")]
    private static partial Regex ReleaseIdShape();

    [GeneratedRegex(@"^[0-9]{6}\z")]
    private static partial Regex CityCodeShape();

    // An instant needs a date, a time and a zone; "2026-01-20" alone is a day, not an instant.
    [GeneratedRegex(@"^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}(:[0-9]{2}(\.[0-9]{1,7})?)?(Z|[+-][0-9]{2}:[0-9]{2})\z")]
    private static partial Regex InstantShape();
}
