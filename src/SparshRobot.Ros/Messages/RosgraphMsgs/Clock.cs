using SparshRobot.Ros.Cdr;
using SparshRobot.Ros.Messages.BuiltinInterfaces;

namespace SparshRobot.Ros.Messages.RosgraphMsgs;

/// <summary><c>rosgraph_msgs/msg/Clock</c>: simulated time on <c>/clock</c>, read by nodes with <c>use_sim_time</c>.</summary>
public sealed record Clock(Time ClockTime) : IRosMessage<Clock>
{
    public static string TypeName => "rosgraph_msgs/msg/Clock";

    public static string Definition => "builtin_interfaces/Time clock\n";

    public void Serialize(CdrWriter writer) => ClockTime.Serialize(writer);

    public static Clock Deserialize(ref CdrReader reader) => new(Time.Deserialize(ref reader));
}
