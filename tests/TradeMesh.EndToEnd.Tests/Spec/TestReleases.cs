namespace TradeMesh.EndToEnd.Tests.Spec;

/// <summary>Small releases made up for one test (periods far from the sample data's).</summary>
public static class TestReleases
{
    public static string Json(string releaseId, string period, IEnumerable<(string Code, decimal Total)> cities,
        string stage = "official", string unit = "CNY_100M", string publishedAt = "2026-01-20T08:00:00+08:00", decimal? nationalTotal = null) =>
        JsonSerializer.Serialize(new
        {
            releaseId, source = "test", period, stage, unit, publishedAt, nationalTotal,
            cities = cities.Select(c => new { cityCode = c.Code, name = "City " + c.Code, province = "P" + c.Code[..2], total = c.Total }),
        });

    public static string UniqueId(string label) => $"{label}-{Guid.NewGuid():N}";
}
