using SparshRobot.Ros.Cdr;
using SparshRobot.Ros.Messages;

namespace SparshRobot.Ros.Services;

/// <summary>
/// Which call a request or reply belongs to: rmw_cyclonedds's 16-byte header, written right after the
/// encapsulation on requests and replies alike. <paramref name="ClientId"/> is the client's request-writer instance
/// handle (rmw calls it guid), <paramref name="Sequence"/> its call number.
/// </summary>
public readonly record struct RequestId(ulong ClientId, long Sequence);

/// <summary>Encodes and decodes service requests and replies (header, then the message as a struct).</summary>
public static class ServiceWire
{
    /// <summary>Bytes of <see cref="RequestId"/> after the encapsulation header.</summary>
    public const int HeaderSize = 16;

    /// <summary>Writes header and message into <paramref name="writer"/> (reset first) and returns the bytes.</summary>
    public static ReadOnlySpan<byte> Encode<T>(RequestId id, T message, CdrWriter writer)
        where T : IRosMessage<T>
    {
        WriteHeader(id, writer);
        message.Serialize(writer);
        return writer.WrittenSpan;
    }

    /// <summary>Resets <paramref name="writer"/> and writes the request header; the message body follows.</summary>
    public static void WriteHeader(RequestId id, CdrWriter writer)
    {
        writer.Reset();
        // Payload offset 0 and 8: the message's own alignment counts from the header's start, as in rmw.
        writer.WriteUInt64(id.ClientId);
        writer.WriteInt64(id.Sequence);
    }

    public static byte[] Encode<T>(RequestId id, T message)
        where T : IRosMessage<T> => Encode(id, message, new CdrWriter()).ToArray();

    /// <summary>Reads the header alone (to route a reply before decoding it).</summary>
    public static RequestId ReadId(ReadOnlySpan<byte> data)
    {
        var reader = new CdrReader(data);
        return ReadId(ref reader);
    }

    /// <summary>Reads the header, leaving <paramref name="reader"/> at the message body.</summary>
    public static RequestId ReadId(ref CdrReader reader) =>
        new(reader.ReadUInt64("request header guid"), reader.ReadInt64("request header sequence number"));

    /// <summary>Decodes header and message; <see cref="CdrFormatException"/> for anything malformed.</summary>
    public static (RequestId Id, T Message) Decode<T>(ReadOnlySpan<byte> data)
        where T : IRosMessage<T>
    {
        var reader = new CdrReader(data);
        var id = ReadId(ref reader);
        var message = T.Deserialize(ref reader);
        if (reader.Remaining > 3)
        {
            throw new CdrFormatException(
                $"{T.TypeName}: {reader.Remaining} unread bytes after payload offset {reader.Position} (expected at most 3 bytes of padding)");
        }
        return (id, message);
    }

    /// <summary>
    /// <c>pkg/srv/S</c> from the request and response types (<c>pkg/srv/S_Request</c>, <c>pkg/srv/S_Response</c>;
    /// actions' <c>pkg/action/A_SendGoal_Request</c> likewise).
    /// </summary>
    public static string ServiceTypeOf<TRequest, TResponse>()
        where TRequest : IRosMessage<TRequest>
        where TResponse : IRosMessage<TResponse>
    {
        const string request = "_Request", response = "_Response";
        var requestName = TRequest.TypeName;
        var responseName = TResponse.TypeName;
        if (!requestName.EndsWith(request, StringComparison.Ordinal) || !responseName.EndsWith(response, StringComparison.Ordinal)
            || requestName[..^request.Length] != responseName[..^response.Length])
        {
            throw new ArgumentException(
                $"{requestName} and {responseName} are not the request and response of one service (expected pkg/srv/S_Request and pkg/srv/S_Response)");
        }
        return requestName[..^request.Length];
    }
}
