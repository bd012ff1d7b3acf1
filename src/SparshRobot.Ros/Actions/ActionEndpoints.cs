using SparshRobot.Ros.Messages;
using SparshRobot.Ros.Messages.BuiltinInterfaces;
using SparshRobot.Ros.Messages.Dynamic;
using SparshRobot.Ros.Transport;

namespace SparshRobot.Ros.Actions;

/// <summary>
/// The names and QoS of an action's three services and two topics (<c>rcl_action/names.c</c>,
/// <c>action_server.c</c> defaults), shared by server and client so both ends agree.
/// </summary>
internal static class ActionEndpoints
{
    public static string SendGoal(string action) => action + "/_action/send_goal";

    public static string CancelGoal(string action) => action + "/_action/cancel_goal";

    public static string GetResult(string action) => action + "/_action/get_result";

    public static string Feedback(string action) => action + "/_action/feedback";

    public static string Status(string action) => action + "/_action/status";

    /// <summary>Feedback: <c>rmw_qos_profile_default</c>.</summary>
    public static QosProfile FeedbackQos => QosProfile.Default;

    /// <summary>Status: keep last 1, reliable, transient local, so a late client learns every goal's state.</summary>
    public static QosProfile StatusQos => QosProfile.Latched;

    public static bool IsZero(Time stamp) => stamp.Sec == 0 && stamp.Nanosec == 0;

    public static int Compare(Time a, Time b) => a.Sec != b.Sec ? a.Sec.CompareTo(b.Sec) : a.Nanosec.CompareTo(b.Nanosec);

    /// <summary>
    /// A result with every field at its default, which is what rclcpp answers for an unknown goal (and what we
    /// send when an execute callback fails without one). Built from the type's definition, so any result type works.
    /// </summary>
    public static TResult EmptyResult<TResult>()
        where TResult : IRosMessage<TResult>
    {
        var registry = MessageRegistry.CreateDefault();
        if (!registry.TryGet(TResult.TypeName, out _))
        {
            registry.Register<TResult>();
        }
        return RosSerializer.Deserialize<TResult>(DynamicMessageEncoder.ForType(TResult.TypeName, registry).Encode(null));
    }
}
