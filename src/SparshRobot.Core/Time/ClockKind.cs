namespace SparshRobot.Core.Time;

/// <summary>Which clock a stamp was read from. Stamps of different clocks are never compared or subtracted.</summary>
public enum ClockKind
{
    /// <summary>Steady time since an arbitrary origin (ROS 2 <c>RCL_STEADY_TIME</c>); for rates, timeouts and ordering.</summary>
    Monotonic,

    /// <summary>Wall-clock time since the Unix epoch (ROS 2 <c>RCL_SYSTEM_TIME</c>); what message headers carry on a robot.</summary>
    Wall,

    /// <summary>Simulated time published on <c>/clock</c> (ROS 2 <c>RCL_ROS_TIME</c> with <c>use_sim_time</c>).</summary>
    Simulated,
}
