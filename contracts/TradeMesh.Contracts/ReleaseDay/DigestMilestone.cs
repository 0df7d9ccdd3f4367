namespace TradeMesh.Contracts;

/// <summary>A city of the release at or above a threshold (亿元) for the first time in a period of this shape.</summary>
public record DigestMilestone(string CityCode, decimal Threshold);
