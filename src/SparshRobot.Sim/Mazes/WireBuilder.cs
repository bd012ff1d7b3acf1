using SparshRobot.Core.Geometry;

namespace SparshRobot.Sim.Mazes;

/// <summary>
/// Lays segments one after the other like a turtle: position, heading and the board normal (world +y) carry over
/// from one segment to the next, so the wire is continuous in position and tangent.
/// </summary>
public static class WireBuilder
{
    /// <summary>Polyline step along arcs, metres; the wire then resamples it uniformly.</summary>
    private const double Step = 0.0005;

    public static Wire Build(Vec3 start, double headingDeg, IReadOnlyList<MazeSegment> segments)
    {
        if (segments.Count == 0)
        {
            throw new MazeFormatException("a maze needs at least one segment");
        }
        var h = headingDeg * Math.PI / 180;
        var turtle = new Turtle(start, new Vec3(Math.Cos(h), 0, Math.Sin(h)));
        var points = new List<Vec3> { start };
        foreach (var segment in segments)
        {
            switch (segment)
            {
                case StraightSegment s:
                    turtle.Straight(s.Length, points);
                    break;
                case BendSegment b:
                    turtle.Arc(b.Radius, b.AngleDeg, 0, points);
                    break;
                case SCurveSegment c:
                    turtle.Arc(c.Radius, c.AngleDeg, 0, points);
                    turtle.Arc(c.Radius, -c.AngleDeg, 0, points);
                    break;
                case LoopSegment l:
                    turtle.Arc(l.Radius, l.Clockwise ? -360 : 360, l.Pitch, points);
                    break;
                case ClimbSegment c:
                    var up = turtle.UpSign() * Math.Sign(c.Height);
                    var run = (Math.Abs(c.Height) - c.BendRise) / Math.Sin(c.AngleDeg * Math.PI / 180);
                    turtle.Arc(c.Radius, up * c.AngleDeg, 0, points);
                    if (run > 1e-6)
                    {
                        turtle.Straight(run, points);
                    }
                    turtle.Arc(c.Radius, -up * c.AngleDeg, 0, points);
                    break;
                default:
                    throw new MazeFormatException($"unknown segment type {segment.GetType().Name}");
            }
        }
        return new Wire(points, Step);
    }

    private sealed class Turtle(Vec3 position, Vec3 heading)
    {
        /// <summary>Board normal; positive angles rotate about its negative (towards +z from +x).</summary>
        private static readonly Vec3 _boardNormal = Vec3.UnitY;

        private Vec3 _position = position;
        private Vec3 _heading = heading;

        public void Straight(double length, List<Vec3> points)
        {
            var n = Math.Max(1, (int)Math.Ceiling(length / Step));
            var start = _position;
            for (var i = 1; i <= n; i++)
            {
                points.Add(start + _heading * (length * i / n));
            }
            _position = start + _heading * length;
        }

        /// <summary>+1 when a positive turn raises the heading towards world +z, else -1.</summary>
        public int UpSign() => Vec3.Dot(Vec3.Cross(-_boardNormal, _heading), Vec3.UnitZ) >= 0 ? 1 : -1;

        /// <summary>
        /// A circular arc in the board; with a pitch, the arc also steps out of the board along a smoothstep so the
        /// tangent is continuous at both ends (a helix that starts and ends level).
        /// </summary>
        public void Arc(double radius, double angleDeg, double pitch, List<Vec3> points)
        {
            var angle = angleDeg * Math.PI / 180;
            var axis = -_boardNormal * Math.Sign(angle);
            var toCentre = Vec3.Cross(axis, _heading);
            var centre = _position + toCentre * radius;
            var arm = _position - centre;
            var total = Math.Abs(angle);
            var n = Math.Max(2, (int)Math.Ceiling(total * radius / Step));
            for (var i = 1; i <= n; i++)
            {
                var u = (double)i / n;
                var q = Quat.FromAxisAngle(axis, total * u);
                var lift = pitch * (u - Math.Sin(2 * Math.PI * u) / (2 * Math.PI));
                points.Add(centre + q.Rotate(arm) + _boardNormal * lift);
            }
            var end = Quat.FromAxisAngle(axis, total);
            _position = centre + end.Rotate(arm) + _boardNormal * pitch;
            _heading = end.Rotate(_heading).Normalized();
        }
    }
}
