using System.Buffers.Binary;
using System.Security.Cryptography;
using SparshRobot.Ros.Cdr;

namespace SparshRobot.Ros.Messages.UniqueIdentifierMsgs;

/// <summary>
/// <c>unique_identifier_msgs/msg/UUID</c>: 16 raw bytes (a fixed array, no count on the wire). Compares by value,
/// so it can key a table of goals.
/// </summary>
public sealed record UUID : IRosMessage<UUID>
{
    public const int Length = 16;

    private readonly byte[] _bytes;

    /// <param name="Uuid">Exactly 16 bytes; copied.</param>
    public UUID(ReadOnlySpan<byte> Uuid)
    {
        if (Uuid.Length != Length)
        {
            throw new ArgumentException($"unique_identifier_msgs/UUID.uuid needs exactly {Length} bytes, got {Uuid.Length}", nameof(Uuid));
        }
        _bytes = Uuid.ToArray();
    }

    /// <summary>The all-zero id (in a CancelGoal request: "every goal").</summary>
    public static UUID Zero { get; } = new(new byte[Length]);

    public static string TypeName => "unique_identifier_msgs/msg/UUID";

    public static string Definition => "uint8[16] uuid\n";

    /// <summary>The 16 bytes.</summary>
    public ReadOnlyMemory<byte> Uuid => _bytes;

    public bool IsZero => _bytes.AsSpan().IndexOfAnyExcept((byte)0) < 0;

    /// <summary>A random (version 4) id, as rclcpp_action and rclpy give new goals.</summary>
    public static UUID NewRandom()
    {
        Span<byte> bytes = stackalloc byte[Length];
        RandomNumberGenerator.Fill(bytes);
        bytes[6] = (byte)((bytes[6] & 0x0f) | 0x40); // version 4
        bytes[8] = (byte)((bytes[8] & 0x3f) | 0x80); // RFC 4122 variant
        return new UUID(bytes);
    }

    public bool Equals(UUID? other) => other is not null && _bytes.AsSpan().SequenceEqual(other._bytes);

    public override int GetHashCode() =>
        HashCode.Combine(BinaryPrimitives.ReadInt64LittleEndian(_bytes), BinaryPrimitives.ReadInt64LittleEndian(_bytes.AsSpan(8)));

    /// <summary>The usual 8-4-4-4-12 hex form, bytes in wire order.</summary>
    public override string ToString()
    {
        var hex = Convert.ToHexStringLower(_bytes);
        return $"{hex[..8]}-{hex[8..12]}-{hex[12..16]}-{hex[16..20]}-{hex[20..]}";
    }

    public void Serialize(CdrWriter writer) => writer.WriteBytes(_bytes);

    public static UUID Deserialize(ref CdrReader reader) => new(reader.ReadBytes(Length, "UUID.uuid"));
}
