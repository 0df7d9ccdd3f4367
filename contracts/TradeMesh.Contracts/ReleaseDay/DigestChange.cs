namespace TradeMesh.Contracts;

/// <summary>One (city, measure) the release changed: before is null for a new figure; deltaPct null where before is null or 0.</summary>
public record DigestChange(string CityCode, string Name, string Measure, decimal? Before, decimal After, decimal Delta, decimal? DeltaPct);
