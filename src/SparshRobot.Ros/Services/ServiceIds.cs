using System.Security.Cryptography;
using System.Text;

namespace SparshRobot.Ros.Services;

/// <summary>
/// The <c>clientid=</c>/<c>serviceid=</c> values rmw_cyclonedds puts in USER_DATA so a service can tell whether a
/// client's reply reader is matched yet: 16 bytes, 12 identifying the process's participant, then a big-endian
/// counter, written as rmw's <c>csid_to_string</c> does. Only equality within one client-service pair matters.
/// </summary>
public static class ServiceIds
{
    private static readonly byte[] Prefix = RandomNumberGenerator.GetBytes(12);
    private static int _counter;

    /// <summary>A fresh id, unique in this process.</summary>
    public static string Next()
    {
        Span<byte> id = stackalloc byte[16];
        Prefix.CopyTo(id);
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(id[12..], (uint)Interlocked.Increment(ref _counter));
        return ToText(id);
    }

    /// <summary>rmw's text form: the first byte as two hex digits padded with a space, then <c>.</c> and unpadded hex.</summary>
    public static string ToText(ReadOnlySpan<byte> id)
    {
        var text = new StringBuilder();
        text.Append(id[0].ToString("x", System.Globalization.CultureInfo.InvariantCulture).PadLeft(2, ' '));
        foreach (var b in id[1..])
        {
            text.Append('.').Append(b.ToString("x", System.Globalization.CultureInfo.InvariantCulture));
        }
        return text.ToString();
    }

    /// <summary>The value of <paramref name="key"/> in a USER_DATA text (<c>k=v;k2=v2;</c>), or null.</summary>
    public static string? Find(string userData, string key)
    {
        foreach (var entry in userData.Split(';'))
        {
            var eq = entry.IndexOf('=');
            if (eq > 0 && entry.AsSpan(0, eq).Trim().SequenceEqual(key))
            {
                return entry[(eq + 1)..];
            }
        }
        return null;
    }
}
