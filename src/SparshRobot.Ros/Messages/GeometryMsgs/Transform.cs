using SparshRobot.Ros.Cdr;

namespace SparshRobot.Ros.Messages.GeometryMsgs;

/// <summary><c>geometry_msgs/msg/Transform</c>.</summary>
public sealed record Transform(Vector3 Translation, Quaternion Rotation) : IRosMessage<Transform>
{
    /// <summary>Seven float64, no padding.</summary>
    internal const int EncodedSize = 56;

    public static string TypeName => "geometry_msgs/msg/Transform";

    public static string Definition => "Vector3 translation\nQuaternion rotation\n";

    public void Serialize(CdrWriter writer)
    {
        Translation.Serialize(writer);
        Rotation.Serialize(writer);
    }

    public static Transform Deserialize(ref CdrReader reader) => new(Vector3.Deserialize(ref reader), Quaternion.Deserialize(ref reader));
}
