using SparshRobot.Ros.Cdr;

namespace SparshRobot.Ros.Messages;

/// <summary>
/// A typed ROS 2 message with a hand-written CDR codec. Implementations are immutable records in a namespace per
/// ROS package (<c>SparshRobot.Ros.Messages.SensorMsgs.Image</c> for <c>sensor_msgs/msg/Image</c>).
/// </summary>
public interface IRosMessage<TSelf>
    where TSelf : IRosMessage<TSelf>
{
    /// <summary>The ROS type name, e.g. <c>sensor_msgs/msg/Image</c>.</summary>
    static abstract string TypeName { get; }

    /// <summary>The <c>.msg</c> definition text of this type alone (dependencies are resolved by name).</summary>
    static abstract string Definition { get; }

    /// <summary>Writes the fields (not the encapsulation header) in declaration order.</summary>
    void Serialize(CdrWriter writer);

    /// <summary>Reads the fields (not the encapsulation header) in declaration order.</summary>
    static abstract TSelf Deserialize(ref CdrReader reader);
}

/// <summary>Whole-message CDR encoding with the encapsulation header.</summary>
public static class RosSerializer
{
    public static byte[] Serialize<T>(T message)
        where T : IRosMessage<T>
    {
        var writer = new CdrWriter();
        message.Serialize(writer);
        return writer.ToArray();
    }

    /// <summary>Encodes into a reused writer (reset first), so a publisher at a high rate does not allocate per message.</summary>
    public static ReadOnlySpan<byte> Serialize<T>(T message, CdrWriter writer)
        where T : IRosMessage<T>
    {
        writer.Reset();
        message.Serialize(writer);
        return writer.WrittenSpan;
    }

    /// <summary>Decodes a message; up to 3 trailing bytes are accepted since rmw pads messages to a multiple of 4.</summary>
    public static T Deserialize<T>(ReadOnlySpan<byte> data)
        where T : IRosMessage<T>
    {
        var reader = new CdrReader(data);
        return Finish<T>(ref reader);
    }

    /// <summary>
    /// Decodes a message whose byte sequences (<c>Image.Data</c>, <c>CompressedImage.Data</c>) alias
    /// <paramref name="data"/> instead of being copied. Use it only when the caller owns the buffer and does not
    /// reuse or return it to a pool while the message is alive.
    /// </summary>
    public static T DeserializeShared<T>(ReadOnlyMemory<byte> data)
        where T : IRosMessage<T>
    {
        var reader = new CdrReader(data);
        return Finish<T>(ref reader);
    }

    private static T Finish<T>(ref CdrReader reader)
        where T : IRosMessage<T>
    {
        var message = T.Deserialize(ref reader);
        if (reader.Remaining > 3)
        {
            throw new CdrFormatException(
                $"{T.TypeName}: {reader.Remaining} unread bytes after payload offset {reader.Position} (expected at most 3 bytes of padding)");
        }
        return message;
    }

    /// <summary>The DDS type name rmw_cyclonedds uses: <c>pkg::msg::dds_::Type_</c>.</summary>
    public static string DdsTypeName(string rosTypeName)
    {
        var parts = rosTypeName.Split('/');
        if (parts.Length != 3 || parts.Any(string.IsNullOrEmpty))
        {
            throw new ArgumentException($"'{rosTypeName}' is not a ROS type name of the form pkg/msg/Type (or pkg/srv/Type, pkg/action/Type)", nameof(rosTypeName));
        }
        return $"{parts[0]}::{parts[1]}::dds_::{parts[2]}_";
    }
}
