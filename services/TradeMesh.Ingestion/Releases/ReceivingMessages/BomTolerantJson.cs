using System.Net.Mime;
using MassTransit;
using MassTransit.Serialization;
using TradeMesh.Ingestion.Releases.Validating;

namespace TradeMesh.Ingestion.Releases.ReceivingMessages;

/// <summary>
/// MassTransit's raw JSON deserializer, with a UTF-8 byte-order mark skipped first: publishers on
/// Windows write one, and System.Text.Json refuses it, which would send a valid release to the
/// error queue. The consumer reads the body itself, and its reader skips the mark too.
/// </summary>
public sealed class BomTolerantJson(RawSerializerOptions options) : ISerializerFactory
{
    private readonly SystemTextJsonRawMessageSerializer _inner = new(options);

    public ContentType ContentType => _inner.ContentType;

    public IMessageSerializer CreateSerializer() => _inner;

    public IMessageDeserializer CreateDeserializer() => new Deserializer(_inner);

    private sealed class Deserializer(SystemTextJsonRawMessageSerializer inner) : IMessageDeserializer
    {
        public ContentType ContentType => inner.ContentType;

        public void Probe(ProbeContext context) => inner.Probe(context);

        public ConsumeContext Deserialize(ReceiveContext receiveContext) =>
            new BodyConsumeContext(receiveContext, Deserialize(receiveContext.Body, receiveContext.TransportHeaders, receiveContext.InputAddress));

        public SerializerContext Deserialize(MessageBody body, Headers headers, Uri? destinationAddress = null)
        {
            var bytes = body.GetBytes();
            return inner.Deserialize(bytes.AsSpan().StartsWith(JsonReleaseReader.Utf8Bom) ? new BytesMessageBody(bytes[JsonReleaseReader.Utf8Bom.Length..]) : body,
                headers, destinationAddress);
        }

        public MessageBody GetMessageBody(string text) => inner.GetMessageBody(text);
    }
}
