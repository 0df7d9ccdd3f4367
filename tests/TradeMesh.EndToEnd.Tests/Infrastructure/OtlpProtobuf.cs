using System.Buffers.Binary;
using System.Globalization;
using System.Text;

namespace TradeMesh.EndToEnd.Tests.Infrastructure;

/// <summary>One span as a service exported it over OTLP. Ids are lowercase hex.</summary>
public sealed record ReceivedSpan(
    string TraceId, string SpanId, string? ParentSpanId, string Name, int Kind, string ServiceName, string ScopeName,
    IReadOnlyDictionary<string, string> Attributes, IReadOnlyList<(string TraceId, string SpanId)> Links,
    DateTime Start, DateTime End)
{
    public const int Internal = 1, Server = 2, Client = 3, Producer = 4, Consumer = 5;
}

/// <summary>
/// Decodes an OTLP ExportTraceServiceRequest into spans. No package with the OTLP classes is
/// available here, so this reads just the fields the tests need and skips every other one, as a
/// protobuf reader must. Field numbers are those of opentelemetry-proto's
/// collector/trace/v1/trace_service.proto, trace/v1/trace.proto, resource/v1/resource.proto and
/// common/v1/common.proto (the same as the .NET exporter's ProtobufOtlp*FieldNumberConstants).
/// </summary>
public static class OtlpTraceDecoder
{
    public static List<ReceivedSpan> Decode(ReadOnlySpan<byte> exportTraceServiceRequest)
    {
        var spans = new List<ReceivedSpan>();
        var request = new ProtoReader(exportTraceServiceRequest);
        while (request.Next(out var field, out var wire))
        {
            if (field == 1 && wire == WireType.Len) ReadResourceSpans(request.Bytes(), spans); // resource_spans
            else request.Skip(wire);
        }
        return spans;
    }

    private static void ReadResourceSpans(ReadOnlySpan<byte> message, List<ReceivedSpan> spans)
    {
        // Protobuf does not promise field order, so the resource is read before any scope_spans.
        var serviceName = "";
        var reader = new ProtoReader(message);
        while (reader.Next(out var field, out var wire))
        {
            if (field == 1 && wire == WireType.Len) // resource
                serviceName = ReadAttributes(reader.Bytes(), attributesField: 1).GetValueOrDefault("service.name", "");
            else reader.Skip(wire);
        }

        reader = new ProtoReader(message);
        while (reader.Next(out var field, out var wire))
        {
            if (field == 2 && wire == WireType.Len) ReadScopeSpans(reader.Bytes(), serviceName, spans); // scope_spans
            else reader.Skip(wire);
        }
    }

    private static void ReadScopeSpans(ReadOnlySpan<byte> message, string serviceName, List<ReceivedSpan> spans)
    {
        var scopeName = "";
        var reader = new ProtoReader(message);
        while (reader.Next(out var field, out var wire))
        {
            if (field == 1 && wire == WireType.Len) scopeName = ReadScopeName(reader.Bytes()); // scope
            else reader.Skip(wire);
        }

        reader = new ProtoReader(message);
        while (reader.Next(out var field, out var wire))
        {
            if (field == 2 && wire == WireType.Len) spans.Add(ReadSpan(reader.Bytes(), serviceName, scopeName)); // spans
            else reader.Skip(wire);
        }
    }

    /// <summary>InstrumentationScope: name = 1.</summary>
    private static string ReadScopeName(ReadOnlySpan<byte> message)
    {
        var name = "";
        var reader = new ProtoReader(message);
        while (reader.Next(out var field, out var wire))
        {
            if (field == 1 && wire == WireType.Len) name = reader.String();
            else reader.Skip(wire);
        }
        return name;
    }

    private static ReceivedSpan ReadSpan(ReadOnlySpan<byte> message, string serviceName, string scopeName)
    {
        string traceId = "", spanId = "", name = "";
        string? parentSpanId = null;
        var kind = 0;
        ulong start = 0, end = 0;
        var attributes = new Dictionary<string, string>();
        var links = new List<(string, string)>();
        var reader = new ProtoReader(message);
        while (reader.Next(out var field, out var wire))
        {
            switch (field, wire)
            {
                case (1, WireType.Len): traceId = Hex(reader.Bytes()); break;
                case (2, WireType.Len): spanId = Hex(reader.Bytes()); break;
                case (4, WireType.Len): parentSpanId = Hex(reader.Bytes()) is { Length: > 0 } parent ? parent : null; break;
                case (5, WireType.Len): name = reader.String(); break;
                case (6, WireType.Varint): kind = (int)reader.Varint(); break;
                case (7, WireType.Fixed64): start = reader.Fixed64(); break;
                case (8, WireType.Fixed64): end = reader.Fixed64(); break;
                case (9, WireType.Len):
                    var (key, value) = ReadKeyValue(reader.Bytes());
                    attributes[key] = value;
                    break;
                case (13, WireType.Len): links.Add(ReadLink(reader.Bytes())); break;
                default: reader.Skip(wire); break; // trace_state, events, status, flags, counts...
            }
        }
        return new ReceivedSpan(traceId, spanId, parentSpanId, name, kind, serviceName, scopeName, attributes, links, Time(start), Time(end));
    }

    /// <summary>Span.Link: trace_id = 1, span_id = 2.</summary>
    private static (string TraceId, string SpanId) ReadLink(ReadOnlySpan<byte> message)
    {
        string traceId = "", spanId = "";
        var reader = new ProtoReader(message);
        while (reader.Next(out var field, out var wire))
        {
            if (field == 1 && wire == WireType.Len) traceId = Hex(reader.Bytes());
            else if (field == 2 && wire == WireType.Len) spanId = Hex(reader.Bytes());
            else reader.Skip(wire);
        }
        return (traceId, spanId);
    }

    /// <summary>The repeated KeyValue field of a message (Resource.attributes = 1, KeyValueList.values = 1), values as text.</summary>
    private static Dictionary<string, string> ReadAttributes(ReadOnlySpan<byte> message, int attributesField)
    {
        var attributes = new Dictionary<string, string>();
        var reader = new ProtoReader(message);
        while (reader.Next(out var field, out var wire))
        {
            if (field == attributesField && wire == WireType.Len)
            {
                var (key, value) = ReadKeyValue(reader.Bytes());
                attributes[key] = value;
            }
            else reader.Skip(wire);
        }
        return attributes;
    }

    /// <summary>KeyValue: key = 1, value = 2 (AnyValue).</summary>
    private static (string Key, string Value) ReadKeyValue(ReadOnlySpan<byte> message)
    {
        string key = "", value = "";
        var reader = new ProtoReader(message);
        while (reader.Next(out var field, out var wire))
        {
            if (field == 1 && wire == WireType.Len) key = reader.String();
            else if (field == 2 && wire == WireType.Len) value = ReadAnyValue(reader.Bytes());
            else reader.Skip(wire);
        }
        return (key, value);
    }

    /// <summary>
    /// AnyValue, a oneof: string_value = 1, bool_value = 2, int_value = 3, double_value = 4,
    /// array_value = 5, kvlist_value = 6, bytes_value = 7. Rendered as text so tests compare strings.
    /// </summary>
    private static string ReadAnyValue(ReadOnlySpan<byte> message)
    {
        var value = "";
        var reader = new ProtoReader(message);
        while (reader.Next(out var field, out var wire))
        {
            value = (field, wire) switch
            {
                (1, WireType.Len) => reader.String(),
                (2, WireType.Varint) => reader.Varint() != 0 ? "true" : "false",
                (3, WireType.Varint) => ((long)reader.Varint()).ToString(CultureInfo.InvariantCulture),
                (4, WireType.Fixed64) => BitConverter.Int64BitsToDouble((long)reader.Fixed64()).ToString("R", CultureInfo.InvariantCulture),
                (5, WireType.Len) => "[" + string.Join(",", ReadArray(reader.Bytes())) + "]",
                (6, WireType.Len) => "{" + string.Join(",", ReadAttributes(reader.Bytes(), attributesField: 1).Select(kv => $"{kv.Key}={kv.Value}")) + "}",
                (7, WireType.Len) => Hex(reader.Bytes()),
                _ => SkipTo(ref reader, wire, value),
            };
        }
        return value;
    }

    /// <summary>ArrayValue: values = 1.</summary>
    private static List<string> ReadArray(ReadOnlySpan<byte> message)
    {
        var values = new List<string>();
        var reader = new ProtoReader(message);
        while (reader.Next(out var field, out var wire))
        {
            if (field == 1 && wire == WireType.Len) values.Add(ReadAnyValue(reader.Bytes()));
            else reader.Skip(wire);
        }
        return values;
    }

    private static string SkipTo(ref ProtoReader reader, WireType wire, string unchanged)
    {
        reader.Skip(wire);
        return unchanged;
    }

    private static DateTime Time(ulong unixNanos) => DateTime.UnixEpoch.AddTicks((long)(unixNanos / 100));

    private static string Hex(ReadOnlySpan<byte> bytes) => Convert.ToHexStringLower(bytes);
}

/// <summary>The protobuf wire types (https://protobuf.dev/programming-guides/encoding/); 3 and 4 are the deprecated groups.</summary>
internal enum WireType { Varint = 0, Fixed64 = 1, Len = 2, StartGroup = 3, EndGroup = 4, Fixed32 = 5 }

/// <summary>Reads one protobuf message's fields in order; malformed input throws InvalidDataException.</summary>
internal ref struct ProtoReader(ReadOnlySpan<byte> buffer)
{
    private readonly ReadOnlySpan<byte> _buffer = buffer;
    private int _position;

    public bool Next(out int field, out WireType wire)
    {
        if (_position >= _buffer.Length) { field = 0; wire = 0; return false; }
        var tag = Varint();
        field = (int)(tag >> 3);
        wire = (WireType)(tag & 7);
        if (field == 0) throw new InvalidDataException($"field number 0 at byte {_position}");
        return true;
    }

    public ulong Varint()
    {
        ulong result = 0;
        for (var shift = 0; shift < 64; shift += 7)
        {
            var b = Take(1)[0];
            result |= (ulong)(b & 0x7F) << shift;
            if ((b & 0x80) == 0) return result;
        }
        throw new InvalidDataException($"varint longer than 10 bytes at byte {_position}");
    }

    public ulong Fixed64() => BinaryPrimitives.ReadUInt64LittleEndian(Take(8));

    public uint Fixed32() => BinaryPrimitives.ReadUInt32LittleEndian(Take(4));

    public ReadOnlySpan<byte> Bytes()
    {
        var length = Varint();
        if (length > int.MaxValue) throw new InvalidDataException($"length {length} at byte {_position}");
        return Take((int)length);
    }

    public string String() => Encoding.UTF8.GetString(Bytes());

    public void Skip(WireType wire)
    {
        switch (wire)
        {
            case WireType.Varint: Varint(); break;
            case WireType.Fixed64: Take(8); break;
            case WireType.Len: Bytes(); break;
            case WireType.Fixed32: Take(4); break;
            // Groups were removed from proto3 and OTLP never uses them.
            default: throw new InvalidDataException($"wire type {(int)wire} at byte {_position}");
        }
    }

    private ReadOnlySpan<byte> Take(int count)
    {
        if (count > _buffer.Length - _position)
            throw new InvalidDataException($"truncated: {count} bytes wanted at byte {_position} of {_buffer.Length}");
        var slice = _buffer.Slice(_position, count);
        _position += count;
        return slice;
    }
}
