namespace TradeMesh.Contracts;

/// <summary>One of the period's overtakes (against the comparison period) in which a city of the release takes part.</summary>
public record DigestOvertake(string CityCode, string OvertakenCityCode);
