using System.Text.Json.Serialization;

namespace TradeMesh.Contracts;

/// <summary>
/// How final a figure is. A higher stage supersedes a lower one for the same city and period,
/// whatever order they arrive in; at equal stage the later publishedAt wins.
/// </summary>
[JsonConverter(typeof(JsonStringEnumConverter<ReleaseStage>))]
public enum ReleaseStage
{
    [JsonStringEnumMemberName("preliminary")] Preliminary = 1,
    [JsonStringEnumMemberName("official")] Official = 2,
    [JsonStringEnumMemberName("revised")] Revised = 3,
}

public static class ReleaseStages
{
    public static bool TryParse(string? text, out ReleaseStage stage)
    {
        stage = text switch
        {
            "preliminary" => ReleaseStage.Preliminary,
            "official" => ReleaseStage.Official,
            "revised" => ReleaseStage.Revised,
            _ => 0,
        };
        return stage != 0;
    }

    public static string Name(this ReleaseStage stage) => stage.ToString().ToLowerInvariant();
}
