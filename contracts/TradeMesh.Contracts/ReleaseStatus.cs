using System.Text.Json.Serialization;

namespace TradeMesh.Contracts;

/// <summary>
/// Where a release stands (docs/api.md): accepted once its events are out, applied once every one
/// of its cities is in the read models, rejected when the rules refused it (nothing applied).
/// </summary>
[JsonConverter(typeof(JsonStringEnumConverter<ReleaseStatus>))]
public enum ReleaseStatus
{
    [JsonStringEnumMemberName("accepted")] Accepted,
    [JsonStringEnumMemberName("applied")] Applied,
    [JsonStringEnumMemberName("rejected")] Rejected,
}
