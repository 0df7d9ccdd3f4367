using System.Security.Cryptography;
using System.Text;

namespace TradeMesh.Contracts;

/// <summary>Deterministic event identity (RFC 4122 version 5, SHA-1 name-based UUID).</summary>
public static class EventIds
{
    // A fixed namespace for TradeMesh names; changing it would change every event id.
    private static readonly Guid Namespace = new("6f1c2a4e-3b8d-5e7f-9a0b-1c2d3e4f5a6b");

    public static Guid ForCityFigure(string releaseId, string cityCode, string period) =>
        NameBased($"{releaseId}\n{cityCode}\n{period}");

    public static Guid NameBased(string name)
    {
        Span<byte> ns = stackalloc byte[16];
        Namespace.TryWriteBytes(ns, bigEndian: true, out _);
        var nameBytes = Encoding.UTF8.GetBytes(name);
        var input = new byte[16 + nameBytes.Length];
        ns.CopyTo(input);
        nameBytes.CopyTo(input, 16);

        Span<byte> hash = stackalloc byte[20];
        SHA1.HashData(input, hash);
        hash[6] = (byte)((hash[6] & 0x0F) | 0x50);
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80);
        return new Guid(hash[..16], bigEndian: true);
    }
}
