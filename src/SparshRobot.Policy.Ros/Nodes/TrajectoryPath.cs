using SparshRobot.Core.Time;
using SparshRobot.Policy.Runtime;
using SparshRobot.Ros.Messages.GeometryMsgs;
using Header = SparshRobot.Ros.Messages.StdMsgs.Header;
using NavPath = SparshRobot.Ros.Messages.NavMsgs.Path;
using RosTime = SparshRobot.Ros.Messages.BuiltinInterfaces.Time;

namespace SparshRobot.Policy.Ros.Nodes;

/// <summary>
/// A <see cref="PlannedTrajectory"/> on <c>/policy/ee_trajectory</c> as nav_msgs/Path, both ways. The first pose is
/// the plan's origin, stamped at the plan's stamp (a downstream follower needs where the plan starts, not only where
/// it goes); the waypoints follow at their own stamps, all at the plan's orientation.
/// </summary>
public static class TrajectoryPath
{
    public static NavPath ToPath(PlannedTrajectory trajectory, string frameId)
    {
        var orientation = Quaternion.From(trajectory.Orientation);
        PoseStamped At(Timestamp stamp, Core.Geometry.Vec3 position) => new(new Header(RosTime.From(stamp), frameId), new Pose(Point.From(position), orientation));
        return new NavPath(new Header(RosTime.From(trajectory.Stamp), frameId),
            [At(trajectory.Stamp, trajectory.Origin), .. trajectory.Waypoints.Select(w => At(w.Stamp, w.Position))]);
    }

    /// <summary>
    /// Lock-step's "no plan at this observation" (the policy was not ready): a path without poses, stamped with the
    /// observation, so a controller holding that observation for a plan can go on without one.
    /// </summary>
    public static NavPath NoPlan(Timestamp observation, string frameId) => new(new Header(RosTime.From(observation), frameId), []);

    /// <summary>The inverse of <see cref="ToPath"/>; stamps are read on <paramref name="clock"/>.</summary>
    /// <exception cref="ArgumentException">The path has no origin pose.</exception>
    public static PlannedTrajectory ToTrajectory(NavPath path, ClockKind clock)
    {
        if (path.Poses.Count == 0)
        {
            throw new ArgumentException("a planned trajectory's path starts with its origin pose; this one is empty", nameof(path));
        }
        var origin = path.Poses[0].Pose;
        return new PlannedTrajectory(path.Header.Stamp.ToTimestamp(clock), origin.Orientation.ToCore(),
            [.. path.Poses.Skip(1).Select(p => new Waypoint(p.Header.Stamp.ToTimestamp(clock), p.Pose.Position.ToCore()))], origin.Position.ToCore());
    }
}
