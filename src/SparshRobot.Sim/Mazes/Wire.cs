using SparshRobot.Core.Geometry;

namespace SparshRobot.Sim.Mazes;

/// <summary>
/// A bent wire as a 3D curve parametrized by arc length s in metres, 0 at the start stop and <see cref="Length"/>
/// at the end stop. Stored as points resampled at a uniform spacing so a query is O(1) (the physics asks 1000
/// times per simulated second) and linear interpolation between samples is exact in s.
/// </summary>
public sealed class Wire
{
    private readonly Vec3[] _points;
    private readonly Vec3[] _tangents;
    private readonly double[] _curvature;

    /// <summary>Resamples <paramref name="polyline"/> (dense points along the curve) at <paramref name="spacing"/> metres.</summary>
    public Wire(IReadOnlyList<Vec3> polyline, double spacing = 0.0005)
    {
        if (polyline.Count < 2)
        {
            throw new ArgumentException($"a wire needs at least 2 points, got {polyline.Count}", nameof(polyline));
        }
        if (!(spacing > 0))
        {
            throw new ArgumentOutOfRangeException(nameof(spacing), spacing, "sample spacing must be positive");
        }
        var cumulative = new double[polyline.Count];
        for (var i = 1; i < polyline.Count; i++)
        {
            cumulative[i] = cumulative[i - 1] + (polyline[i] - polyline[i - 1]).Norm;
        }
        Length = cumulative[^1];
        if (Length < 2 * spacing)
        {
            throw new ArgumentException($"wire length {Length:F4} m is shorter than two samples of {spacing} m", nameof(polyline));
        }
        var count = (int)Math.Ceiling(Length / spacing) + 1;
        Spacing = Length / (count - 1);
        _points = new Vec3[count];
        var j = 0;
        for (var i = 0; i < count; i++)
        {
            var s = Math.Min(i * Spacing, Length);
            while (j < polyline.Count - 2 && cumulative[j + 1] < s)
            {
                j++;
            }
            var seg = cumulative[j + 1] - cumulative[j];
            var f = seg > 0 ? (s - cumulative[j]) / seg : 0;
            _points[i] = polyline[j] + (polyline[j + 1] - polyline[j]) * f;
        }
        _tangents = new Vec3[count];
        for (var i = 0; i < count; i++)
        {
            var a = _points[Math.Max(0, i - 1)];
            var b = _points[Math.Min(count - 1, i + 1)];
            _tangents[i] = (b - a).Normalized();
        }
        _curvature = new double[count];
        for (var i = 0; i < count; i++)
        {
            var a = _tangents[Math.Max(0, i - 1)];
            var b = _tangents[Math.Min(count - 1, i + 1)];
            var ds = (Math.Min(count - 1, i + 1) - Math.Max(0, i - 1)) * Spacing;
            _curvature[i] = (b - a).Norm / ds;
        }
    }

    public double Length { get; }

    /// <summary>Distance between stored samples, metres.</summary>
    public double Spacing { get; }

    public int SampleCount => _points.Length;

    public Vec3 SamplePoint(int index) => _points[index];

    public Vec3 Start => _points[0];

    public Vec3 End => _points[^1];

    public Vec3 Point(double s)
    {
        var (i, f) = Locate(s);
        return _points[i] + (_points[i + 1] - _points[i]) * f;
    }

    /// <summary>Unit tangent in the direction of increasing s.</summary>
    public Vec3 Tangent(double s)
    {
        var (i, f) = Locate(s);
        var t = _tangents[i] * (1 - f) + _tangents[i + 1] * f;
        return t.Normalized();
    }

    /// <summary>Curvature (1 / bend radius), 1/m; 0 on straight runs.</summary>
    public double Curvature(double s)
    {
        var (i, f) = Locate(s);
        return _curvature[i] * (1 - f) + _curvature[i + 1] * f;
    }

    /// <summary>
    /// Unit principal normal (towards the centre of the bend). On a straight run, where it is undefined, any unit
    /// vector perpendicular to the tangent is returned (the one closest to world up).
    /// </summary>
    public Vec3 Normal(double s)
    {
        var (i, _) = Locate(s);
        var lo = Math.Max(0, i - 1);
        var hi = Math.Min(_tangents.Length - 1, i + 2);
        var t = Tangent(s);
        var dt = _tangents[hi] - _tangents[lo];
        var n = dt - t * Vec3.Dot(dt, t);
        if (n.Norm > 1e-9)
        {
            return n.Normalized();
        }
        var up = Math.Abs(t.Z) < 0.9 ? Vec3.UnitZ : Vec3.UnitX;
        return (up - t * Vec3.Dot(up, t)).Normalized();
    }

    /// <summary>Largest curvature over [s0, s1], 1/m (the operator looks ahead for the tightest bend).</summary>
    public double MaxCurvature(double s0, double s1)
    {
        var (i0, _) = Locate(Math.Min(s0, s1));
        var (i1, _) = Locate(Math.Max(s0, s1));
        var max = 0.0;
        for (var i = i0; i <= i1 + 1; i++)
        {
            max = Math.Max(max, _curvature[i]);
        }
        return max;
    }

    /// <summary>
    /// Arc length of the wire point nearest to <paramref name="p"/>, searched within ±<paramref name="window"/>
    /// metres of <paramref name="hint"/> so a bend that passes close to another part of the wire is not mistaken
    /// for it. Pass <c>double.PositiveInfinity</c> as window for a global search.
    /// </summary>
    public double Project(Vec3 p, double hint, double window)
    {
        var lo = double.IsPositiveInfinity(window) ? 0 : Math.Max(0, (int)Math.Floor((hint - window) / Spacing));
        var hi = double.IsPositiveInfinity(window)
            ? _points.Length - 2
            : Math.Min(_points.Length - 2, (int)Math.Ceiling((hint + window) / Spacing));
        var best = double.MaxValue;
        var bestS = 0.0;
        for (var i = lo; i <= hi; i++)
        {
            var a = _points[i];
            var ab = _points[i + 1] - a;
            var f = Math.Clamp(Vec3.Dot(p - a, ab) / Vec3.Dot(ab, ab), 0, 1);
            var d = (a + ab * f - p);
            var d2 = Vec3.Dot(d, d);
            if (d2 < best)
            {
                best = d2;
                bestS = (i + f) * Spacing;
            }
        }
        return Math.Min(bestS, Length);
    }

    /// <summary>Distance from <paramref name="p"/> to the wire (local search as in <see cref="Project"/>).</summary>
    public double DistanceTo(Vec3 p, double hint, double window) => (Point(Project(p, hint, window)) - p).Norm;

    private (int Index, double Fraction) Locate(double s)
    {
        var x = Math.Clamp(s, 0, Length) / Spacing;
        var i = Math.Min((int)x, _points.Length - 2);
        return (i, x - i);
    }
}
