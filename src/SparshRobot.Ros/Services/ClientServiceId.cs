using System.Buffers.Binary;
using System.Globalization;
using System.Text;

namespace SparshRobot.Ros.Services;

/// <summary>
/// rmw_cyclonedds's client/service id (<c>get_unique_csid</c>), carried as <c>clientid=</c>/<c>serviceid=</c> in USER_DATA
/// so a service can tell which reply reader belongs to which request writer.
/// </summary>
public static class ClientServiceId
{
    public const int Size = 16;

    private const int PrefixSize = 12;

    // One prefix for the process (only equality within a client-service pair matters) and rmw's shared counter.
    private static readonly byte[] ProcessPrefix = System.Security.Cryptography.RandomNumberGenerator.GetBytes(PrefixSize);
    private static int _counter;

    /// <summary>A fresh id in text form, unique in this process.</summary>
    public static string Next() => ToText(Create(ProcessPrefix, (uint)Interlocked.Increment(ref _counter)));

    /// <summary>The value of <paramref name="key"/> (e.g. <see cref="Transport.UserData.ClientIdKey"/>) in USER_DATA text, or null.</summary>
    public static string? Find(string userData, string key) =>
        Transport.UserData.Parse(userData).TryGetValue(key, out var value) ? value : null;

    /// <summary>The participant's 12-byte GUID prefix, then <paramref name="counter"/> big-endian (rmw counts per context,
    /// clients and services together, from 1).</summary>
    public static byte[] Create(ReadOnlySpan<byte> participantGuidPrefix, uint counter)
    {
        if (participantGuidPrefix.Length < PrefixSize)
        {
            throw new ArgumentException(
                $"a client/service id needs the participant's {PrefixSize}-byte GUID prefix, got {participantGuidPrefix.Length} bytes",
                nameof(participantGuidPrefix));
        }
        var id = new byte[Size];
        participantGuidPrefix[..PrefixSize].CopyTo(id);
        BinaryPrimitives.WriteUInt32BigEndian(id.AsSpan(PrefixSize), counter);
        return id;
    }

    /// <summary>
    /// rmw's <c>csid_to_string</c>: lowercase hex, unpadded, bytes joined by <c>.</c>, except that the first byte is
    /// right-aligned in two columns with a space (<c>std::setw(2)</c> on a stream without a zero fill).
    /// </summary>
    public static string ToText(ReadOnlySpan<byte> id)
    {
        if (id.Length != Size)
        {
            throw new ArgumentException($"a client/service id is {Size} bytes, got {id.Length}", nameof(id));
        }
        var text = new StringBuilder(Size * 3);
        text.Append(CultureInfo.InvariantCulture, $"{id[0],2:x}");
        foreach (var b in id[1..])
        {
            text.Append(CultureInfo.InvariantCulture, $".{b:x}");
        }
        return text.ToString();
    }
}
