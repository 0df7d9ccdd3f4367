using TradeMesh.Contracts;

namespace TradeMesh.Projections.Figures;

/// <summary>One city's figures as one release reported them (money in 亿元).</summary>
public sealed record CityFigure(
    Guid EventId,
    string ReleaseId,
    ReleaseStage Stage,
    DateTimeOffset PublishedAt,
    string CityCode,
    string Name,
    string? Province,
    decimal Total,
    decimal? Exports,
    decimal? Imports,
    decimal? YoyPct,
    string? ReportedProvince = null)
{
    public static CityFigure From(CityTradeReported e) => new(
        e.EventId, e.ReleaseId, e.Stage, e.PublishedAt, e.CityCode, e.Name, e.Province,
        e.Total, e.Exports, e.Imports, e.YoyPct, e.ReportedProvince);

    public decimal? Value(Measure measure) => measure switch
    {
        Measure.Exports => Exports,
        Measure.Imports => Imports,
        _ => Total,
    };
}

/// <summary>A national total as one release reported it; it follows the same stage rules as cities.</summary>
public sealed record NationalFigure(string ReleaseId, ReleaseStage Stage, DateTimeOffset PublishedAt, decimal Value);
