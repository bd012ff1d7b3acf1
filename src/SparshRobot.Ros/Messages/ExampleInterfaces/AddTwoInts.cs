using SparshRobot.Ros.Cdr;

namespace SparshRobot.Ros.Messages.ExampleInterfaces;

// example_interfaces/srv/AddTwoInts, the service of the ROS 2 tutorials (demo_nodes_cpp add_two_ints_server).

/// <summary><c>example_interfaces/srv/AddTwoInts_Request</c>.</summary>
public sealed record AddTwoIntsRequest(long A, long B) : IRosMessage<AddTwoIntsRequest>
{
    public static string TypeName => "example_interfaces/srv/AddTwoInts_Request";

    public static string Definition => "int64 a\nint64 b\n";

    public void Serialize(CdrWriter writer)
    {
        writer.WriteInt64(A);
        writer.WriteInt64(B);
    }

    public static AddTwoIntsRequest Deserialize(ref CdrReader reader) =>
        new(reader.ReadInt64("AddTwoInts_Request.a"), reader.ReadInt64("AddTwoInts_Request.b"));
}

/// <summary><c>example_interfaces/srv/AddTwoInts_Response</c>.</summary>
public sealed record AddTwoIntsResponse(long Sum) : IRosMessage<AddTwoIntsResponse>
{
    public static string TypeName => "example_interfaces/srv/AddTwoInts_Response";

    public static string Definition => "int64 sum\n";

    public void Serialize(CdrWriter writer) => writer.WriteInt64(Sum);

    public static AddTwoIntsResponse Deserialize(ref CdrReader reader) => new(reader.ReadInt64("AddTwoInts_Response.sum"));
}
