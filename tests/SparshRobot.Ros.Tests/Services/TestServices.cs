using SparshRobot.Ros.Cdr;
using SparshRobot.Ros.Messages;

namespace SparshRobot.Ros.Tests.Services;

/// <summary>example_interfaces/srv/AddTwoInts, the service the ROS 2 tutorials and the doc's byte examples use.</summary>
internal sealed record AddRequest(long A, long B) : IRosMessage<AddRequest>
{
    public static string TypeName => "example_interfaces/srv/AddTwoInts_Request";

    public static string Definition => "int64 a\nint64 b\n";

    public void Serialize(CdrWriter writer)
    {
        writer.WriteInt64(A);
        writer.WriteInt64(B);
    }

    public static AddRequest Deserialize(ref CdrReader reader) => new(reader.ReadInt64("a"), reader.ReadInt64("b"));
}

internal sealed record AddResponse(long Sum) : IRosMessage<AddResponse>
{
    public static string TypeName => "example_interfaces/srv/AddTwoInts_Response";

    public static string Definition => "int64 sum\n";

    public void Serialize(CdrWriter writer) => writer.WriteInt64(Sum);

    public static AddResponse Deserialize(ref CdrReader reader) => new(reader.ReadInt64("sum"));
}
