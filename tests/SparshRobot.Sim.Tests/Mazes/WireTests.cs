using SparshRobot.Core.Geometry;
using SparshRobot.Sim.Mazes;

namespace SparshRobot.Sim.Tests.Mazes;

public class WireTests
{
    private static Maze Build(params MazeSegment[] segments) => new("t", MazeFamily.Authored, Vec3.Zero, 0, segments);

    [Test]
    public void StraightRunHasItsLengthAndNoCurvature()
    {
        var wire = Build(new StraightSegment(0.1)).Wire;
        Assert.That(wire.Length, Is.EqualTo(0.1).Within(1e-9));
        Assert.That(wire.Point(0.05).X, Is.EqualTo(0.05).Within(1e-9));
        Assert.That(wire.Curvature(0.05), Is.EqualTo(0).Within(1e-6));
        Assert.That(Vec3.Dot(wire.Tangent(0.05), Vec3.UnitX), Is.EqualTo(1).Within(1e-9));
    }

    [TestCase(0.03, 90)]
    [TestCase(0.08, -45)]
    public void BendHasArcLengthCurvatureAndNormalTowardsItsCentre(double radius, double angleDeg)
    {
        var wire = Build(new StraightSegment(0.02), new BendSegment(radius, angleDeg), new StraightSegment(0.02)).Wire;
        var arc = radius * Math.Abs(angleDeg) * Math.PI / 180;
        Assert.That(wire.Length, Is.EqualTo(0.04 + arc).Within(1e-4));
        var mid = 0.02 + arc / 2;
        Assert.That(wire.Curvature(mid), Is.EqualTo(1 / radius).Within(0.02 / radius));
        // A positive bend turns towards +z from +x: its centre is above the wire.
        Assert.That(Math.Sign(wire.Normal(mid).Z), Is.EqualTo(Math.Sign(angleDeg)));
        var endHeading = angleDeg * Math.PI / 180;
        Assert.That((wire.Tangent(wire.Length) - new Vec3(Math.Cos(endHeading), 0, Math.Sin(endHeading))).Norm, Is.LessThan(1e-3));
    }

    [Test]
    public void ClimbRisesByItsHeightAndLeavesLevel()
    {
        var wire = Build(new StraightSegment(0.02), new ClimbSegment(0.05, 0.03, 35), new StraightSegment(0.02)).Wire;
        Assert.That(wire.End.Z - wire.Start.Z, Is.EqualTo(0.05).Within(1e-4));
        Assert.That(Math.Abs(wire.Tangent(wire.Length).Z), Is.LessThan(1e-3));
    }

    [Test]
    public void LoopClearsItselfAndKeepsTheTangentContinuous()
    {
        var wire = Build(new StraightSegment(0.02), new LoopSegment(0.04, 0.03), new StraightSegment(0.02)).Wire;
        Assert.That(wire.End.Y - wire.Start.Y, Is.EqualTo(0.03).Within(1e-6));
        var maxTurn = 0.0;
        for (var s = 0.0; s < wire.Length - 0.001; s += 0.0005)
        {
            maxTurn = Math.Max(maxTurn, Math.Acos(Math.Min(1, Vec3.Dot(wire.Tangent(s), wire.Tangent(s + 0.0005)))));
        }
        // 0.5 mm along a 40 mm radius turns 0.0125 rad; a kink would be far larger.
        Assert.That(maxTurn, Is.LessThan(0.03));
    }

    [Test]
    public void ProjectionFindsTheNearestPointWithinTheWindow()
    {
        var wire = Build(new StraightSegment(0.05), new BendSegment(0.03, 180), new StraightSegment(0.05)).Wire;
        var s = 0.03;
        var p = wire.Point(s) + new Vec3(0, 0.002, 0);
        Assert.That(wire.Project(p, s, 0.01), Is.EqualTo(s).Within(1e-6));
        Assert.That(wire.DistanceTo(p, s, 0.01), Is.EqualTo(0.002).Within(1e-6));
    }

    [Test]
    public void TooShortAWireIsRejected()
    {
        Assert.That(() => new Wire([Vec3.Zero, new Vec3(1e-5, 0, 0)]), Throws.ArgumentException.With.Message.Contains("shorter"));
    }
}
