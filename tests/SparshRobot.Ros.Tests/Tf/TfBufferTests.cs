using SparshRobot.Core.Geometry;
using SparshRobot.Core.Time;
using SparshRobot.Ros.Messages.BuiltinInterfaces;
using SparshRobot.Ros.Messages.GeometryMsgs;
using SparshRobot.Ros.Tf;
using Header = SparshRobot.Ros.Messages.StdMsgs.Header;

namespace SparshRobot.Ros.Tests.Tf;

public class TfBufferTests
{
    private const ClockKind Clock = ClockKind.Wall;

    internal static TransformStamped Edge(string parent, string child, double seconds, Vec3 translation, Quat rotation)
    {
        var stamp = Timestamp.FromSeconds(seconds, Clock);
        return new(new Header(new Time(stamp.Sec, stamp.Nanosec), parent), child,
            new Transform(Vector3.From(translation), Quaternion.From(rotation)));
    }

    private static Quat Yaw(double radians) => Quat.FromAxisAngle(Vec3.UnitZ, radians);

    private static Timestamp At(double seconds) => Timestamp.FromSeconds(seconds, Clock);

    private static void AssertPose(Pose3 actual, Pose3 expected)
    {
        Assert.That((actual.Position - expected.Position).Norm, Is.LessThan(1e-12), $"position {actual.Position} vs {expected.Position}");
        Assert.That(actual.Orientation.AngleTo(expected.Orientation), Is.LessThan(1e-9), "orientation");
    }

    /// <summary>world -> base -> arm -> tool (dynamic arm), world -> camera (static), at t = 1 s.</summary>
    private static TfBuffer Tree()
    {
        var buffer = new TfBuffer(Clock);
        buffer.Add(Edge("world", "base", 1, new Vec3(0, 1, 0), Quat.Identity), isStatic: true);
        buffer.Add(Edge("base", "arm", 1, new Vec3(0, 1, 0), Yaw(Math.PI / 2)), isStatic: false);
        buffer.Add(Edge("arm", "tool", 1, new Vec3(0.5, 0, 0), Quat.Identity), isStatic: true);
        buffer.Add(Edge("world", "camera", 1, new Vec3(1, 0, 0), Yaw(Math.PI / 2)), isStatic: true);
        return buffer;
    }

    [Test]
    public void ComposesAChainFromTheChildUp()
    {
        var tool = Tree().Lookup("world", "tool");

        // base at (0,1,0); arm 1 further along y and turned 90 deg; tool 0.5 along the arm's x, i.e. world +y.
        AssertPose(tool.Transform, new Pose3(new Vec3(0, 2.5, 0), Yaw(Math.PI / 2)));
        Assert.That((tool.TargetFrame, tool.SourceFrame, tool.Stamp), Is.EqualTo(("world", "tool", At(1))));
    }

    [Test]
    public void TheReverseLookupIsTheInverse()
    {
        var buffer = Tree();
        var forward = buffer.Lookup("world", "tool").Transform;
        var back = buffer.Lookup("tool", "world").Transform;

        AssertPose(forward * back, Pose3.Identity);
        Assert.That((back.TransformPoint(new Vec3(0, 2.5, 0)) - Vec3.Zero).Norm, Is.LessThan(1e-12), "the tool's origin in its own frame");
    }

    [Test]
    public void GoesThroughTheCommonAncestorBetweenBranches()
    {
        var toolInCamera = Tree().Lookup("camera", "tool").Transform;

        // The tool's origin is world (0, 2.5, 0); the camera sits at world (1, 0, 0) turned +90 deg about z, so a world
        // offset (-1, 2.5) reads (2.5, 1) in its frame, and the two frames share their orientation.
        AssertPose(toolInCamera, new Pose3(new Vec3(2.5, 1, 0), Quat.Identity));
    }

    [Test]
    public void ASubtreeLookupStopsAtTheFirstSharedFrame()
    {
        // base is the ancestor of both; the world -> base edge must not be needed (so its absence cannot matter).
        var buffer = new TfBuffer(Clock);
        buffer.Add(Edge("base", "a", 2, new Vec3(1, 0, 0), Quat.Identity), isStatic: false);
        buffer.Add(Edge("base", "b", 2, new Vec3(0, 1, 0), Quat.Identity), isStatic: false);
        AssertPose(buffer.Lookup("a", "b").Transform, new Pose3(new Vec3(-1, 1, 0), Quat.Identity));
        AssertPose(buffer.Lookup("b", "b").Transform, Pose3.Identity);
    }

    [Test]
    public void InterpolatesTranslationLinearlyAndRotationBySlerp()
    {
        var buffer = new TfBuffer(Clock);
        buffer.Add(Edge("world", "tool", 1, new Vec3(0, 0, 0), Quat.Identity), isStatic: false);
        buffer.Add(Edge("world", "tool", 3, new Vec3(2, -4, 0), Yaw(Math.PI / 2)), isStatic: false);

        AssertPose(buffer.Lookup("world", "tool", At(2)).Transform, new Pose3(new Vec3(1, -2, 0), Yaw(Math.PI / 4)));
        AssertPose(buffer.Lookup("world", "tool", At(1.5)).Transform, new Pose3(new Vec3(0.5, -1, 0), Yaw(Math.PI / 8)));
        AssertPose(buffer.Lookup("world", "tool", At(3)).Transform, new Pose3(new Vec3(2, -4, 0), Yaw(Math.PI / 2)));
    }

    [Test]
    public void SlerpTakesTheShortArcWhicheverSignTheQuaternionHas()
    {
        var from = Yaw(0.1);
        var to = Yaw(-0.3);
        var flipped = new Quat(-to.X, -to.Y, -to.Z, -to.W);

        var half = TfInterpolation.Slerp(from, to, 0.5);
        Assert.That(half.AngleTo(Yaw(-0.1)), Is.LessThan(1e-12));
        Assert.That(TfInterpolation.Slerp(from, flipped, 0.5).AngleTo(half), Is.LessThan(1e-12));
        Assert.That(TfInterpolation.Slerp(from, Yaw(0.1 + 1e-6), 0.5).AngleTo(Yaw(0.1 + 5e-7)), Is.LessThan(1e-12), "nearly equal inputs");
    }

    [Test]
    public void LatestLookupUsesTheNewestTimeEveryEdgeCovers()
    {
        var buffer = new TfBuffer(Clock);
        foreach (var t in new[] { 1.0, 2, 3, 4, 5 })
        {
            buffer.Add(Edge("world", "base", t, new Vec3(t, 0, 0), Quat.Identity), isStatic: false);
        }
        buffer.Add(Edge("base", "tool", 1, new Vec3(0, 0, 1), Quat.Identity), isStatic: false);
        buffer.Add(Edge("base", "tool", 3, new Vec3(0, 0, 3), Quat.Identity), isStatic: false);
        buffer.Add(Edge("world", "map", 9, Vec3.Zero, Quat.Identity), isStatic: true);

        var latest = buffer.Lookup("world", "tool");
        Assert.That(latest.Stamp, Is.EqualTo(At(3)), "tool's newest stamp is the older of the two");
        AssertPose(latest.Transform, new Pose3(new Vec3(3, 0, 3), Quat.Identity));
        Assert.That(buffer.Lookup("world", "map").Stamp, Is.EqualTo(Timestamp.FromNanoseconds(0, Clock)), "static only: time zero");
    }

    [Test]
    public void ExtrapolationNamesTheFramesAndTheRangeItHas()
    {
        var buffer = new TfBuffer(Clock);
        buffer.Add(Edge("world", "tool", 1, Vec3.Zero, Quat.Identity), isStatic: false);
        buffer.Add(Edge("world", "tool", 3, Vec3.Zero, Quat.Identity), isStatic: false);

        Assert.That(() => buffer.Lookup("world", "tool", At(3.5)), Throws.TypeOf<TfLookupException>().With.Message.EqualTo(
            "TF lookup 'world' <- 'tool' at 3.500 s would need extrapolation: 'world' -> 'tool' is known from 1.000 s to 3.000 s"));
        Assert.That(() => buffer.Lookup("tool", "world", At(0.5)), Throws.TypeOf<TfLookupException>().With.Message.Contains("at 0.500 s"));
        Assert.That(() => buffer.Lookup("world", "tool", Timestamp.FromSeconds(2, ClockKind.Simulated)),
            Throws.ArgumentException.With.Message.Contains("Simulated"));
    }

    [Test]
    public void HistoryOlderThanTheCacheTimeIsDropped()
    {
        var buffer = new TfBuffer(Clock, TimeSpan.FromSeconds(10));
        for (var t = 0; t <= 20; t++)
        {
            buffer.Add(Edge("world", "tool", t, new Vec3(t, 0, 0), Quat.Identity), isStatic: false);
        }
        // A late message between two kept ones slots in by its stamp.
        buffer.Add(Edge("world", "tool", 15.5, new Vec3(100, 0, 0), Quat.Identity), isStatic: false);

        Assert.That(() => buffer.Lookup("world", "tool", At(9)), Throws.TypeOf<TfLookupException>().With.Message.Contains("from 10.000 s to 20.000 s"));
        AssertPose(buffer.Lookup("world", "tool", At(15.5)).Transform, new Pose3(new Vec3(100, 0, 0), Quat.Identity));
        AssertPose(buffer.Lookup("world", "tool", At(12.5)).Transform, new Pose3(new Vec3(12.5, 0, 0), Quat.Identity));
    }

    [Test]
    public void UnknownFramesAreNamedWithTheKnownOnes()
    {
        var buffer = Tree();
        Assert.That(() => buffer.Lookup("world", "gripper"), Throws.TypeOf<TfLookupException>().With.Message.EqualTo(
            "TF lookup 'world' <- 'gripper': frame 'gripper' is unknown; known frames: arm, base, camera, tool, world"));
        Assert.That(() => new TfBuffer(Clock).Lookup("a", "b"), Throws.TypeOf<TfLookupException>().With.Message.Contains(
            "frame 'a' and 'b' are unknown; known frames: (none yet)"));
    }

    [Test]
    public void DisconnectedTreesNameBothRoots()
    {
        var buffer = Tree();
        buffer.Add(Edge("odom", "robot2", 1, Vec3.Zero, Quat.Identity), isStatic: true);

        Assert.That(() => buffer.Lookup("tool", "robot2"), Throws.TypeOf<TfLookupException>().With.Message.EqualTo(
            "TF lookup 'tool' <- 'robot2': the frames are not connected ('robot2' is in the tree rooted at 'odom', 'tool' in the one "
            + "rooted at 'world'); known frames: arm, base, camera, odom, robot2, tool, world"));
        Assert.That(buffer.TryLookup("tool", "robot2", out var none, out var error), Is.False);
        Assert.That(none, Is.Null);
        Assert.That(error, Does.Contain("not connected"));
    }

    [Test]
    public void ANewParentMovesTheFrameAndLeadingSlashesAreIgnored()
    {
        var buffer = Tree();
        buffer.Add(Edge("/camera", "/tool", 1, new Vec3(0, 0, 0.25), Quat.Identity), isStatic: false);

        AssertPose(buffer.Lookup("camera", "tool").Transform, new Pose3(new Vec3(0, 0, 0.25), Quat.Identity));
        Assert.That(buffer.Frames, Is.EqualTo(new[] { "arm", "base", "camera", "tool", "world" }));
    }

    [Test]
    public void MalformedTransformsAreRejectedByField()
    {
        var buffer = new TfBuffer(Clock);
        Assert.That(() => buffer.Add(Edge("world", "", 1, Vec3.Zero, Quat.Identity), isStatic: false),
            Throws.ArgumentException.With.Message.Contains("child_frame_id empty"));
        Assert.That(() => buffer.Add(Edge("a", "a", 1, Vec3.Zero, Quat.Identity), isStatic: false),
            Throws.ArgumentException.With.Message.Contains("frame 'a' names it as its own parent"));
        Assert.That(() => new TfBuffer(Clock, TimeSpan.Zero), Throws.InstanceOf<ArgumentOutOfRangeException>());
        Assert.That(buffer.Frames, Is.Empty);
    }
}
