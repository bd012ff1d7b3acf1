using SparshRobot.Ros.Cdr;
using SparshRobot.Ros.Messages.BuiltinInterfaces;

namespace SparshRobot.Ros.Messages.RosgraphMsgs;

/// <summary>
/// <c>rosgraph_msgs/msg/Clock</c>: simulated time on <c>/clock</c>, read by nodes with <c>use_sim_time</c>. (Named
/// ClockMsg because a C# member may not share its type's name, and the ROS field is <c>clock</c>.)
/// </summary>
public sealed record ClockMsg(Time Clock) : IRosMessage<ClockMsg>
{
    public static string TypeName => "rosgraph_msgs/msg/Clock";

    public static string Definition => "builtin_interfaces/Time clock\n";

    public void Serialize(CdrWriter writer) => Clock.Serialize(writer);

    public static ClockMsg Deserialize(ref CdrReader reader) => new(Time.Deserialize(ref reader));
}
