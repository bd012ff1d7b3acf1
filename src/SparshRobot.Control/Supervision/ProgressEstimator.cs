using SparshRobot.Control.Geometry;
using SparshRobot.Core.Geometry;

namespace SparshRobot.Control.Supervision;

/// <summary>
/// Global progress: the arc length the bead has travelled along the wire, integrated from where the bead is felt
/// (reported pinch point plus the felt offset) projected on the travel direction, only across ticks where the pads
/// hold it. Also remembers the bead's path (a point every millimetre) so a lost bead can be searched for where it was.
/// Allocation free after construction.
/// </summary>
public sealed class ProgressEstimator(int pathCapacity = 4096, double pathSpacing = 0.001)
{
    private readonly Vec3[] _path = new Vec3[pathCapacity];
    private int _pathCount;
    private int _pathNext;
    private Vec3 _lastBead;
    private bool _hasLast;

    /// <summary>Metres travelled by the bead in the travel direction (net: moving back subtracts).</summary>
    public double Distance { get; private set; }

    /// <summary>Where the bead was last felt, world (null before it was ever felt).</summary>
    public Vec3? LastContact { get; private set; }

    public void Update(Vec3 grasp, in FeltContact felt, Vec3 travel)
    {
        if (!felt.Contact)
        {
            _hasLast = false;
            return;
        }
        var bead = grasp + felt.Offset;
        if (_hasLast && travel != Vec3.Zero)
        {
            Distance += Vec3.Dot(bead - _lastBead, travel);
        }
        _lastBead = bead;
        _hasLast = true;
        LastContact = bead;
        if (_pathCount == 0 || (bead - _path[(_pathNext - 1 + _path.Length) % _path.Length]).Norm >= pathSpacing)
        {
            _path[_pathNext] = bead;
            _pathNext = (_pathNext + 1) % _path.Length;
            _pathCount = Math.Min(_path.Length, _pathCount + 1);
        }
    }

    /// <summary>The remembered bead path point <paramref name="distance"/> metres back from the newest one (the oldest when the memory ends first).</summary>
    public Vec3? PointBack(double distance)
    {
        if (_pathCount == 0)
        {
            return LastContact;
        }
        var newest = (_pathNext - 1 + _path.Length) % _path.Length;
        var walked = 0.0;
        var current = LastContact ?? _path[newest];
        for (var k = 0; k < _pathCount; k++)
        {
            var p = _path[(newest - k + _path.Length) % _path.Length];
            var step = (p - current).Norm;
            if (walked + step >= distance && step > 0)
            {
                return current + (p - current) * ((distance - walked) / step);
            }
            walked += step;
            current = p;
        }
        return current;
    }

    public void Reset()
    {
        Distance = 0;
        LastContact = null;
        _pathCount = 0;
        _pathNext = 0;
        _hasLast = false;
    }
}
