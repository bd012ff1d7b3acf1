using SparshRobot.Core.Geometry;
using SparshRobot.Core.Time;
using SparshRobot.Policy.Ros.Nodes;
using SparshRobot.Policy.Runtime;
using SparshRobot.Ros.Messages;
using Header = SparshRobot.Ros.Messages.StdMsgs.Header;
using NavPath = SparshRobot.Ros.Messages.NavMsgs.Path;
using RosTime = SparshRobot.Ros.Messages.BuiltinInterfaces.Time;

namespace SparshRobot.Control.Ros.Tests;

public class TrajectoryPathTests
{
    private static Timestamp At(double seconds) => Timestamp.FromSeconds(seconds, ClockKind.Simulated);

    private static readonly PlannedTrajectory Plan = new(At(2.0), new Quat(0.5, 0.5, 0.5, 0.5),
        [new Waypoint(At(2.1), new Vec3(0.11, 0.2, 0.3)), new Waypoint(At(2.2), new Vec3(0.12, 0.2, 0.31))], new Vec3(0.1, 0.2, 0.3));

    [Test]
    public void PathLeadsWithTheOriginAtThePlanStamp()
    {
        var path = TrajectoryPath.ToPath(Plan, "world");
        Assert.Multiple(() =>
        {
            Assert.That(path.Header.FrameId, Is.EqualTo("world"));
            Assert.That(path.Header.Stamp.ToTimestamp(ClockKind.Simulated), Is.EqualTo(Plan.Stamp));
            Assert.That(path.Poses, Has.Count.EqualTo(3));
            Assert.That(path.Poses[0].Header.Stamp.ToTimestamp(ClockKind.Simulated), Is.EqualTo(Plan.Stamp));
            Assert.That(path.Poses[0].Pose.Position.ToCore(), Is.EqualTo(Plan.Origin));
            Assert.That(path.Poses.Skip(1).Select(p => p.Pose.Position.ToCore()), Is.EqualTo(Plan.Waypoints.Select(w => w.Position)));
            Assert.That(path.Poses.Select(p => p.Pose.Orientation.ToCore()), Is.All.EqualTo(Plan.Orientation));
        });
    }

    [Test]
    public void TrajectoryComesBackFromTheWire()
    {
        var wire = RosSerializer.Deserialize<NavPath>(RosSerializer.Serialize(TrajectoryPath.ToPath(Plan, "world")));
        var back = TrajectoryPath.ToTrajectory(wire, ClockKind.Simulated);
        Assert.Multiple(() =>
        {
            Assert.That(back.Stamp, Is.EqualTo(Plan.Stamp));
            Assert.That(back.Origin, Is.EqualTo(Plan.Origin));
            Assert.That(back.Orientation, Is.EqualTo(Plan.Orientation));
            Assert.That(back.Waypoints, Is.EqualTo(Plan.Waypoints));
        });
    }

    [Test]
    public void AnEmptyPathHasNoOrigin() =>
        Assert.That(() => TrajectoryPath.ToTrajectory(new NavPath(new Header(new RosTime(0, 0), "world"), []), ClockKind.Simulated),
            Throws.ArgumentException);
}
