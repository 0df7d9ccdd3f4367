using System.Text.Json;

namespace TradeMesh.Ingestion.Releases.ReceivingMessages;

/// <summary>
/// What MassTransit's raw JSON deserializer makes of a message on <c>trademesh.releases</c>: any
/// JSON object. The consumer reads the body itself, so that wrong types become listed reasons;
/// a body that is not a JSON object at all fails here and goes to the error queue.
/// </summary>
public sealed record ReleaseMessage(JsonElement? ReleaseId);

/// <summary>A message that cannot be answered (no usable release id): the error queue keeps it for an operator.</summary>
public sealed class PoisonReleaseException(string message) : Exception(message);
