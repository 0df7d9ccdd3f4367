namespace TradeMesh.Contracts;

/// <summary>Something an applied release may have wrong (province-mismatch, sum-exceeds-national, yoy-mismatch, scale-jump).</summary>
public record AppliedWarning(string Code, string? CityCode, string Message);
