using Marten;
using Microsoft.AspNetCore.Http.HttpResults;
using TradeMesh.Contracts;
using TradeMesh.Projections.Queries;

namespace TradeMesh.Projections.Cities.ListingCities;

public sealed record CityListItem(string CityCode, string Name, string? NameZh, string? Province, string? ProvinceZh, string? ProvinceCode,
    string? Region, string Level, string? FirstPeriod, string? LastPeriod);

public sealed record CityList(int Total, int Offset, IReadOnlyList<CityListItem> Entries);

/// <summary>GET /api/cities?province=&amp;level=&amp;q=&amp;top=&amp;offset=&amp;format=: the registry's cities and every reported one, by code.</summary>
public static class ListCities
{
    public const int DefaultTop = 1_000;

    public static async Task<Results<Ok<CityList>, ContentHttpResult, ProblemHttpResult>> HandleAsync(
        string? province, string? level, string? q, string? top, string? offset, string? format,
        IQuerySession session, ReadModelCache cache, HttpContext context, CancellationToken ct)
    {
        var args = new QueryArguments();
        var inProvince = args.Province(province);
        CityLevel? l = level is null ? null : args.Level(level);
        var n = args.Top(top, DefaultTop);
        var skip = args.Offset(offset);
        var csv = args.Csv(format, context);
        if (args.HasProblems) return args.BadRequest();

        var reported = (await cache.LoadAsync<CityDirectory>(session, CityDirectory.TheId, ct)).Document?.Cities ?? [];
        var codes = Geography.KnownCities.Keys.Union(reported.Keys).Order(StringComparer.Ordinal);
        var all = codes.Select(code => Item(code, reported.GetValueOrDefault(code)))
            .Where(c => inProvince is null || c.ProvinceCode == inProvince.Code)
            .Where(c => l is null || c.Level == l.Value.Name())
            .Where(c => string.IsNullOrWhiteSpace(q) || Matches(c, q.Trim()))
            .ToList();
        var page = all.Skip(skip).Take(n).ToList();
        return csv
            ? CsvAnswer.Of(page, ("cityCode", c => c.CityCode), ("name", c => c.Name), ("nameZh", c => c.NameZh), ("province", c => c.Province),
                ("provinceZh", c => c.ProvinceZh), ("provinceCode", c => c.ProvinceCode), ("region", c => c.Region), ("level", c => c.Level),
                ("firstPeriod", c => c.FirstPeriod), ("lastPeriod", c => c.LastPeriod))
            : TypedResults.Ok(new CityList(all.Count, skip, page));
    }

    private static CityListItem Item(string code, ReportedCity? reported)
    {
        var known = Geography.KnownCities.GetValueOrDefault(code);
        var province = Geography.ProvinceOf(code);
        return new CityListItem(code, known?.Name ?? reported?.Name ?? code, known?.NameZh, province?.Name, province?.NameZh, province?.Code,
            province?.Region, CityNames.LevelOf(code).Name(), reported?.FirstPeriod, reported?.LastPeriod);
    }

    private static bool Matches(CityListItem c, string q) =>
        c.Name.Contains(q, StringComparison.OrdinalIgnoreCase) || (c.NameZh?.Contains(q, StringComparison.Ordinal) ?? false) || c.CityCode == q;
}
