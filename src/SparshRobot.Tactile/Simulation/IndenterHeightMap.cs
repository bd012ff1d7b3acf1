namespace SparshRobot.Tactile.Simulation;

/// <summary>
/// An arbitrary indenter surface: heights in millimetres above its lowest point (the first point to touch the gel)
/// on a regular grid centred on the contact centre. Cells that are not part of the indenter are +infinity.
/// </summary>
public sealed class IndenterHeightMap
{
    private readonly float[] _sorted;
    private readonly double[] _prefix;

    public IndenterHeightMap(float[] heightsMm, int width, int height, double mmPerCell)
    {
        if (width <= 0 || height <= 0 || heightsMm.Length != width * height)
        {
            throw new ArgumentException($"height map holds {heightsMm.Length} values, {width}x{height} expected", nameof(heightsMm));
        }
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(mmPerCell);
        var finite = heightsMm.Where(float.IsFinite).ToArray();
        if (finite.Length == 0 || finite.Any(h => h < 0))
        {
            throw new ArgumentException("height map needs finite heights >= 0 (its lowest point at 0)", nameof(heightsMm));
        }
        Heights = heightsMm;
        Width = width;
        Height = height;
        MmPerCell = mmPerCell;
        Array.Sort(finite);
        _sorted = finite;
        _prefix = new double[finite.Length + 1];
        for (var i = 0; i < finite.Length; i++)
        {
            _prefix[i + 1] = _prefix[i] + finite[i];
        }
    }

    public float[] Heights { get; }

    public int Width { get; }

    public int Height { get; }

    public double MmPerCell { get; }

    /// <summary>Gel volume (mm^3) displaced when the indenter's lowest point is <paramref name="depth"/> mm deep.</summary>
    public double DisplacedVolume(double depth)
    {
        // Cells with height below the depth push the gel by (depth - h): a prefix sum over sorted heights.
        var n = LowerBound(depth);
        return (n * depth - _prefix[n]) * MmPerCell * MmPerCell;
    }

    /// <summary>Height at a position (mm) relative to the map centre; +infinity off the indenter.</summary>
    public float Sample(double xMm, double yMm)
    {
        var cx = (int)Math.Floor(xMm / MmPerCell + Width / 2.0);
        var cy = (int)Math.Floor(yMm / MmPerCell + Height / 2.0);
        return (uint)cx < (uint)Width && (uint)cy < (uint)Height ? Heights[cy * Width + cx] : float.PositiveInfinity;
    }

    public double HalfWidthMm => Width * MmPerCell / 2;

    public double HalfHeightMm => Height * MmPerCell / 2;

    private int LowerBound(double value)
    {
        int lo = 0, hi = _sorted.Length;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (_sorted[mid] < value)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }
        return lo;
    }
}
