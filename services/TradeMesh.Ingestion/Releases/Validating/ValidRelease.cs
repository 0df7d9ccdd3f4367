using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using TradeMesh.Contracts;

namespace TradeMesh.Ingestion.Releases.Validating;

/// <summary>A release that passed every rule, its money already in 亿元.</summary>
public sealed record ValidRelease(
    string ReleaseId,
    string? Source,
    Period Period,
    ReleaseStage Stage,
    DateTimeOffset PublishedAt,
    decimal? NationalTotal,
    IReadOnlyList<ValidCity> Cities)
{
    /// <summary>What looks wrong in the release by itself; not part of its content (it follows from it).</summary>
    public IReadOnlyList<ReleaseWarning> Warnings { get; init; } = [];

    /// <summary>
    /// A hash of what the release says (not how it was written): the same release as JSON or CSV,
    /// in any unit or city order, hashes the same. Source is left out: it describes the publisher, not the figures.
    /// </summary>
    public string ContentHash()
    {
        var canonical = new
        {
            ReleaseId, Period = Period.ToString(), Stage, PublishedAt = PublishedAt.UtcDateTime, NationalTotal,
            Cities = Cities.OrderBy(c => c.CityCode, StringComparer.Ordinal),
        };
        return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(canonical))));
    }

    public IEnumerable<CityTradeReported> ToEvents()
    {
        var period = Period.ToString();
        return Cities.Select(c => new CityTradeReported(
            EventIds.ForCityFigure(ReleaseId, c.CityCode, period), ReleaseId, period, Stage, PublishedAt,
            c.CityCode, c.Name, c.Province, c.Total, c.Exports, c.Imports, c.YoyPct, NationalTotal, Cities.Count, Source,
            c.ReportedProvince));
    }
}

public sealed record ValidCity(string CityCode, string Name, string? Province, decimal Total, decimal? Exports, decimal? Imports, decimal? YoyPct)
{
    /// <summary>The province the release named, where it is not the code's (a province-mismatch).</summary>
    public string? ReportedProvince { get; init; }
}
