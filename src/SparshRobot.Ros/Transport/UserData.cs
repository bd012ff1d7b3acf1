using System.Text;
using SparshRobot.Ros.Messages.TypeHashes;

namespace SparshRobot.Ros.Transport;

/// <summary>
/// The <c>key=value;</c> text rmw puts in endpoint and participant USER_DATA (<c>enclave=/;</c>,
/// <c>clientid=...;typehash=RIHS01_...;</c>). Values are bytes to rmw; here they are Latin-1 text, which keeps every byte.
/// </summary>
public static class UserData
{
    public const string ClientIdKey = "clientid";
    public const string ServiceIdKey = "serviceid";
    public const string TypeHashKey = "typehash";

    /// <summary>Parses USER_DATA as the transport reports it (text, one byte per character).</summary>
    public static IReadOnlyDictionary<string, string> Parse(string text) => Parse(Encoding.Latin1.GetBytes(text));

    /// <summary>
    /// Parses a USER_DATA blob exactly as rmw's <c>parse_key_value</c> (rmw/impl/cpp/key_value.hpp) does: keys are ASCII
    /// letters and digits, <c>=</c> starts the value, <c>;</c> ends it (a <c>;</c> right after another one belongs to the
    /// value), the last entry may lack its <c>;</c>, trailing NULs are allowed, a later duplicate key wins. Anything else
    /// (including an empty blob) is someone else's USER_DATA and yields an empty map, not an error.
    /// </summary>
    public static IReadOnlyDictionary<string, string> Parse(ReadOnlySpan<byte> blob)
    {
        var empty = new Dictionary<string, string>(StringComparer.Ordinal);
        var entries = new Dictionary<string, string>(StringComparer.Ordinal);
        var key = new StringBuilder();
        var value = new StringBuilder();
        var inValue = false;
        var previous = (byte)0;
        foreach (var b in blob)
        {
            if (inValue)
            {
                if (b == ';' && previous != ';')
                {
                    // Possibly the end of the entry: decided by the next byte.
                    previous = b;
                    continue;
                }
                if (b != ';' && previous == ';')
                {
                    if (value.Length == 0)
                    {
                        return empty;
                    }
                    entries[key.ToString()] = value.ToString();
                    key.Clear();
                    value.Clear();
                    inValue = false;
                    // This byte starts the next entry: handled as a key byte below.
                }
                else
                {
                    value.Append((char)b);
                }
            }
            if (!inValue)
            {
                if (b == '=')
                {
                    if (key.Length == 0)
                    {
                        return empty;
                    }
                    inValue = true;
                }
                else if (char.IsAsciiLetterOrDigit((char)b))
                {
                    key.Append((char)b);
                }
                else if (b == 0 && key.Length == 0 && entries.Count > 0)
                {
                    break;
                }
                else if (previous != ';' || key.Length > 0)
                {
                    // rmw tolerates one stray byte right after a ';' (such as a space), nothing else.
                    return empty;
                }
            }
            previous = b;
        }
        if (inValue)
        {
            if (value.Length == 0)
            {
                return empty;
            }
            entries[key.ToString()] = value.ToString();
        }
        else if (key.Length > 0)
        {
            return empty;
        }
        return entries;
    }

    /// <summary>
    /// <c>key=value;</c> for each entry, in order, without a trailing NUL (as rmw writes it). Keys must be non-empty ASCII
    /// letters and digits and values non-empty without <c>;</c>, so that <see cref="Parse"/> gives them back.
    /// </summary>
    public static byte[] Build(params IEnumerable<(string Key, string Value)> entries)
    {
        var text = new StringBuilder();
        foreach (var (key, value) in entries)
        {
            if (key.Length == 0 || !key.All(char.IsAsciiLetterOrDigit))
            {
                throw new ArgumentException($"USER_DATA key '{key}' must be one or more ASCII letters or digits", nameof(entries));
            }
            if (value.Length == 0 || value.Contains(';') || value.Any(c => c > 0xFF))
            {
                throw new ArgumentException(
                    $"USER_DATA value '{value}' of key '{key}' must be non-empty Latin-1 text without ';'", nameof(entries));
            }
            text.Append(key).Append('=').Append(value).Append(';');
        }
        return Encoding.Latin1.GetBytes(text.ToString());
    }

    /// <summary>
    /// What Iron and later put on an endpoint: <c>clientid=</c>/<c>serviceid=</c> <paramref name="idKey"/> with the
    /// <see cref="ClientServiceId"/> text if given, then <c>typehash=RIHS01_...;</c> unless <paramref name="typeHash"/> is null.
    /// </summary>
    public static byte[] ForEndpoint(string? idKey, string? id, TypeHash? typeHash)
    {
        var entries = new List<(string, string)>();
        if (idKey is not null)
        {
            entries.Add((idKey, id ?? throw new ArgumentNullException(nameof(id), $"USER_DATA key '{idKey}' needs an id")));
        }
        if (typeHash is { } hash)
        {
            entries.Add((TypeHashKey, hash.ToString()));
        }
        return Build(entries);
    }

    /// <summary>
    /// The peer's type hash as rmw_dds_common's <c>parse_type_hash_from_user_data</c> reads it: no <c>typehash</c> entry
    /// gives the zero hash and true; an entry that is not a RIHS01 hash gives the zero hash and false (rmw warns then).
    /// </summary>
    public static bool TryGetTypeHash(IReadOnlyDictionary<string, string> userData, out TypeHash hash)
    {
        hash = TypeHash.Zero;
        return !userData.TryGetValue(TypeHashKey, out var text) || TypeHash.TryParse(text, out hash);
    }
}
