using System.Buffers;
using System.Security.Cryptography;

namespace SparshRobot.Ros.Messages.TypeHashes;

/// <summary>
/// A ROS Interface Hashing Standard version 1 hash (REP-2011): SHA-256 of a type description, written
/// <c>RIHS01_</c> + 64 lowercase hex digits. <c>default</c> is the zero hash rmw reports for a peer that sent none.
/// </summary>
public readonly struct TypeHash : IEquatable<TypeHash>
{
    /// <summary>Bytes in a RIHS01 hash value.</summary>
    public const int Size = 32;

    private const string Prefix = "RIHS01_";
    private static readonly byte[] ZeroValue = new byte[Size];
    private readonly byte[]? _value;

    public TypeHash(ReadOnlySpan<byte> value)
    {
        if (value.Length != Size)
        {
            throw new ArgumentException($"a RIHS01 type hash is {Size} bytes, got {value.Length}", nameof(value));
        }
        _value = value.ToArray();
    }

    public static TypeHash Zero => default;

    public ReadOnlySpan<byte> Value => _value ?? ZeroValue;

    /// <summary>True for the hash rmw uses when a peer announced none (or an unparsable one).</summary>
    public bool IsZero => !Value.ContainsAnyExcept((byte)0);

    /// <summary>SHA-256 of <paramref name="data"/>, as rosidl hashes the UTF-8 of a type description's JSON.</summary>
    public static TypeHash Compute(ReadOnlySpan<byte> data) => new(SHA256.HashData(data));

    /// <summary>Parses <c>RIHS01_</c> + 64 hex digits (either case, as rosidl_parse_type_hash_string accepts).</summary>
    public static TypeHash Parse(string text) => TryParse(text, out var hash)
        ? hash
        : throw new FormatException($"'{text}' is not a type hash (expected {Prefix} followed by {Size * 2} hex digits)");

    public static bool TryParse(string? text, out TypeHash hash)
    {
        hash = default;
        if (text is null || text.Length != Prefix.Length + (Size * 2) || !text.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return false;
        }
        Span<byte> value = stackalloc byte[Size];
        if (Convert.FromHexString(text.AsSpan(Prefix.Length), value, out _, out var written) != OperationStatus.Done || written != Size)
        {
            return false;
        }
        hash = new TypeHash(value);
        return true;
    }

    public override string ToString() => Prefix + Convert.ToHexStringLower(Value);

    public bool Equals(TypeHash other) => Value.SequenceEqual(other.Value);

    public override bool Equals(object? obj) => obj is TypeHash other && Equals(other);

    public override int GetHashCode() => BitConverter.ToInt32(Value);

    public static bool operator ==(TypeHash left, TypeHash right) => left.Equals(right);

    public static bool operator !=(TypeHash left, TypeHash right) => !left.Equals(right);
}
