using System.Numerics;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using SparshRobot.Core.Numerics;
using SparshRobot.Core.Sensing;
using SparshRobot.Tactile.Calibration;

namespace SparshRobot.Tactile.Simulation;

/// <summary>
/// A physically based vision-tactile sensor: renders the RGB sensor frame (H x W, e.g. 320 x 240 for a DIGIT) a
/// gel sensor would see for a <see cref="ContactState"/>, on top of a real background image as physical
/// simulators (TACTO, Taxim) do.
/// </summary>
/// <remarks>
/// Model: the indenter (sphere, cylinder/wire, flat punch or height map) sinks to the depth at which the gel,
/// a Winkler foundation, carries the normal force; shear slides the imprint by a compliance and drags the gel
/// (markers) with a Gaussian falloff. The height field is smoothed by a 5-tap binomial blur (gel and optics),
/// surface normals shade each colour channel by its LED (three LEDs 120 degrees apart, at a low elevation) as a
/// Lambertian ratio to the flat gel, markers are darkened discs, and fixed-seed camera noise is added.
/// Only the imprint's bounding box is shaded and all buffers are preallocated, so <see cref="Render(ContactState, Span{byte})"/>
/// does not allocate. Image columns follow pad +x and rows follow pad +y. Not thread-safe: one per fingertip.
/// </remarks>
public sealed class DigitSimulator
{
    private const int Margin = 4;
    private const int NoiseTableBits = 19;
    private readonly byte[] _background;
    private readonly float[] _z;
    private readonly float[] _tmp;
    private readonly float[] _zb;
    private readonly int[] _spanStart;
    private readonly int[] _spanEnd;
    private readonly byte[] _noisePositive;
    private readonly byte[] _noiseNegative;
    private readonly float[] _lightX = new float[3];
    private readonly float[] _lightY = new float[3];
    private long _frame;

    public DigitSimulator(BackgroundImage background, SimulatorOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(background);
        Options = options ?? new SimulatorOptions();
        if (Options.LightAzimuthsDegrees.Length != 3)
        {
            throw new ArgumentException($"three LED azimuths expected, got {Options.LightAzimuthsDegrees.Length}", nameof(options));
        }
        Width = background.Width;
        Height = background.Height;
        _background = background.Rgb;
        _z = new float[Width * Height];
        _tmp = new float[Width * Height];
        _zb = new float[Width * Height];
        _spanStart = new int[Height];
        _spanEnd = new int[Height];
        var cot = 1 / Math.Tan(Options.LightElevationDegrees * Math.PI / 180);
        for (var c = 0; c < 3; c++)
        {
            var a = Options.LightAzimuthsDegrees[c] * Math.PI / 180;
            _lightX[c] = (float)(cot * Math.Cos(a));
            _lightY[c] = (float)(cot * Math.Sin(a));
        }
        (_noisePositive, _noiseNegative) = NoiseTables(Options.Seed, Options.NoiseStd);
    }

    public SimulatorOptions Options { get; }

    public int Width { get; }

    public int Height { get; }

    public int FrameLength => Width * Height * 3;

    /// <summary>Optional arbitrary indenter; used when set and the contact shape is not <see cref="IndenterShape.None"/>.</summary>
    public IndenterHeightMap? HeightMap { get; set; }

    /// <summary>Renders the next frame (noise advances with an internal frame counter).</summary>
    public void Render(ContactState contact, Span<byte> rgbOut) => Render(contact, rgbOut, _frame++);

    /// <summary>Renders frame number <paramref name="frameIndex"/>: same seed, contact and index give the same bytes.</summary>
    public void Render(ContactState contact, Span<byte> rgbOut, long frameIndex)
    {
        ArgumentNullException.ThrowIfNull(contact);
        if (rgbOut.Length != FrameLength)
        {
            throw new ArgumentException($"output holds {rgbOut.Length} bytes, a {Width}x{Height} RGB frame needs {FrameLength}", nameof(rgbOut));
        }
        _background.CopyTo(rgbOut);
        var mm = Options.MmPerPixel;
        var shiftX = contact.Shear.X * Options.ShearComplianceMmPerN;
        var shiftY = contact.Shear.Y * Options.ShearComplianceMmPerN;
        var depth = contact.InContact ? PenetrationDepth(contact) : 0;
        if (depth > 0)
        {
            var box = FillHeight(contact, depth, contact.Center.X + shiftX, contact.Center.Y + shiftY);
            if (box.X1 > box.X0 && box.Y1 > box.Y0)
            {
                Blur(box);
                Shade(box, rgbOut);
            }
        }
        if (Options.MarkerColumns > 0 && Options.MarkerRows > 0)
        {
            var drag = contact.InContact ? 1.0 : 0.0;
            DrawMarkers(rgbOut, (contact.Center.X / mm) + Width / 2.0, (contact.Center.Y / mm) + Height / 2.0, drag * shiftX / mm, drag * shiftY / mm);
        }
        AddNoise(rgbOut, frameIndex);
    }

    /// <summary>Depth (mm) at which the gel carries the normal force: stiffness x displaced volume = force, by bisection.</summary>
    public double PenetrationDepth(ContactState contact)
    {
        if (!contact.InContact)
        {
            return 0;
        }
        var r = contact.RadiusMm;
        if (contact.Shape is IndenterShape.Sphere or IndenterShape.Cylinder or IndenterShape.Flat && !(r > 0) && HeightMap is null)
        {
            throw new ArgumentException($"{contact.Shape} contact needs a positive radius, got {r} mm", nameof(contact));
        }
        var target = contact.NormalForce / Options.GelStiffness;
        var padLength = Math.Sqrt(Width * Width + Height * Height) * Options.MmPerPixel;
        double Volume(double d) => HeightMap is { } map
            ? map.DisplacedVolume(d)
            : contact.Shape switch
            {
                IndenterShape.Sphere => Math.PI * d * d * (3 * r - Math.Min(d, r)) / 3,
                IndenterShape.Cylinder => CircularSegment(r, Math.Min(d, r)) * Math.Min(padLength, contact.LengthMm),
                _ => Math.PI * r * r * d,
            };
        double lo = 0, hi = Options.MaxDepthMm;
        if (Volume(hi) <= target)
        {
            return hi;
        }
        for (var i = 0; i < 40; i++)
        {
            var mid = 0.5 * (lo + hi);
            if (Volume(mid) < target)
            {
                lo = mid;
            }
            else
            {
                hi = mid;
            }
        }
        return 0.5 * (lo + hi);
    }

    /// <summary>Radius of a sphere's (half-width of a cylinder's) imprint at a depth; the full radius once sunk past it.</summary>
    private static double ContactHalfWidth(double r, double depth) => depth >= r ? r : Math.Sqrt(2 * r * depth - depth * depth);

    private static double CircularSegment(double r, double d) => r * r * Math.Acos((r - d) / r) - (r - d) * Math.Sqrt(Math.Max(0, 2 * r * d - d * d));

    private readonly record struct Box(int X0, int Y0, int X1, int Y1);

    /// <summary>Gel indentation z = max(0, depth - gap) over the imprint's bounding box (plus a blur margin).</summary>
    private Box FillHeight(ContactState contact, double depth, double centerXmm, double centerYmm)
    {
        var mm = Options.MmPerPixel;
        var r = contact.RadiusMm;
        var map = HeightMap;
        var cx = centerXmm / mm + Width / 2.0;
        var cy = centerYmm / mm + Height / 2.0;
        // Half extent of the imprint in pixels (the cylinder spans the pad along its axis).
        double halfX, halfY;
        if (map is not null)
        {
            (halfX, halfY) = (map.HalfWidthMm / mm, map.HalfHeightMm / mm);
        }
        else if (contact.Shape == IndenterShape.Cylinder)
        {
            // An infinite wire spans the pad; a finite sleeve reaches half its length plus its radius from the centre.
            var reach = double.IsFinite(contact.LengthMm) ? (contact.LengthMm / 2 + r) / mm : double.PositiveInfinity;
            (halfX, halfY) = (Math.Min(Width, reach), Math.Min(Height, reach));
        }
        else
        {
            var a = contact.Shape == IndenterShape.Flat ? r : ContactHalfWidth(r, depth);
            halfX = halfY = a / mm;
        }
        var box = new Box(
            Math.Max(0, (int)Math.Floor(cx - halfX) - Margin),
            Math.Max(0, (int)Math.Floor(cy - halfY) - Margin),
            Math.Min(Width, (int)Math.Ceiling(cx + halfX) + Margin + 1),
            Math.Min(Height, (int)Math.Ceiling(cy + halfY) + Margin + 1));
        var axis = contact.Axis;
        var axisNorm = Math.Sqrt(axis.X * axis.X + axis.Y * axis.Y);
        var (ax, ay) = axisNorm > 0 ? (axis.X / axisNorm, axis.Y / axisNorm) : (1.0, 0.0);
        var r2 = r * r;
        var halfLength = contact.LengthMm / 2;
        var d = (float)depth;
        // Half-width (mm) of a wire's imprint strip plus the blur margin, to bound each row's work.
        var stripHalf = ContactHalfWidth(r, depth) + Margin * mm;
        for (var y = box.Y0; y < box.Y1; y++)
        {
            var py = (y + 0.5 - cy) * mm;
            var row = _z.AsSpan(y * Width, Width);
            row[box.X0..box.X1].Clear();
            _tmp.AsSpan(y * Width + box.X0, box.X1 - box.X0).Clear();
            var (x0, x1) = (box.X0, box.X1);
            if (map is null && contact.Shape == IndenterShape.Cylinder)
            {
                (x0, x1) = StripSpan(py, ax, ay, stripHalf, cx, box);
            }
            _spanStart[y] = x0;
            _spanEnd[y] = x1;
            for (var x = x0; x < x1; x++)
            {
                var px = (x + 0.5 - cx) * mm;
                double gap;
                if (map is not null)
                {
                    gap = map.Sample(px, py);
                }
                else
                {
                    switch (contact.Shape)
                    {
                        case IndenterShape.Sphere:
                            var q = px * px + py * py;
                            gap = q < r2 ? r - Math.Sqrt(r2 - q) : double.PositiveInfinity;
                            break;
                        case IndenterShape.Cylinder:
                            var p = px * -ay + py * ax;
                            // Beyond a finite sleeve's end the surface rounds off like a sphere about the end point.
                            var beyond = Math.Abs(px * ax + py * ay) - halfLength;
                            var q2 = beyond > 0 ? p * p + beyond * beyond : p * p;
                            gap = q2 < r2 ? r - Math.Sqrt(r2 - q2) : double.PositiveInfinity;
                            break;
                        default:
                            gap = px * px + py * py < r2 ? 0 : double.PositiveInfinity;
                            break;
                    }
                }
                row[x] = MathF.Max(0f, d - (float)gap);
            }
        }
        return box;
    }

    /// <summary>Columns of one row within <paramref name="half"/> mm of a wire's axis through the contact centre.</summary>
    private (int X0, int X1) StripSpan(double py, double ax, double ay, double half, double cx, Box box)
    {
        if (Math.Abs(ay) < 1e-9)
        {
            return Math.Abs(py * ax) <= half ? (box.X0, box.X1) : (box.X0, box.X0);
        }
        var a = (py * ax - half) / ay;
        var b = (py * ax + half) / ay;
        var mm = Options.MmPerPixel;
        var lo = (int)Math.Floor(Math.Min(a, b) / mm + cx - 0.5);
        var hi = (int)Math.Ceiling(Math.Max(a, b) / mm + cx - 0.5) + 1;
        lo = Math.Clamp(lo, box.X0, box.X1);
        hi = Math.Clamp(hi, lo, box.X1);
        return (lo, hi);
    }

    /// <summary>Separable [1 4 6 4 1]/16 blur of the height field inside the box (zero outside it).</summary>
    private void Blur(Box box)
    {
        for (var y = box.Y0; y < box.Y1; y++)
        {
            var z = _z.AsSpan(y * Width, Width);
            var t = _tmp.AsSpan(y * Width, Width);
            // Outside the row's span z is zero, and so is its horizontal blur (tmp was cleared).
            for (var x = Math.Max(box.X0, _spanStart[y] - 2); x < Math.Min(box.X1, _spanEnd[y] + 2); x++)
            {
                var s = 6f * z[x];
                if (x - 1 >= box.X0) s += 4f * z[x - 1];
                if (x - 2 >= box.X0) s += z[x - 2];
                if (x + 1 < box.X1) s += 4f * z[x + 1];
                if (x + 2 < box.X1) s += z[x + 2];
                t[x] = s * (1f / 16f);
            }
        }
        var n = box.X1 - box.X0;
        for (var y = box.Y0; y < box.Y1; y++)
        {
            var dst = _zb.AsSpan(y * Width + box.X0, n);
            dst.Clear();
            AddRow(dst, y, 6f / 16f, box, n);
            AddRow(dst, y - 1, 4f / 16f, box, n);
            AddRow(dst, y + 1, 4f / 16f, box, n);
            AddRow(dst, y - 2, 1f / 16f, box, n);
            AddRow(dst, y + 2, 1f / 16f, box, n);
        }
    }

    private void AddRow(Span<float> dst, int y, float w, Box box, int n)
    {
        if (y < box.Y0 || y >= box.Y1)
        {
            return;
        }
        var src = _tmp.AsSpan(y * Width + box.X0, n);
        var i = 0;
        if (Vector.IsHardwareAccelerated && n >= Vector<float>.Count)
        {
            for (; i <= n - Vector<float>.Count; i += Vector<float>.Count)
            {
                var acc = new Vector<float>(dst[i..]) + new Vector<float>(src[i..]) * w;
                acc.CopyTo(dst[i..]);
            }
        }
        for (; i < n; i++)
        {
            dst[i] += src[i] * w;
        }
    }

    /// <summary>Each channel scales by its LED's Lambertian ratio (n . l) / (n0 . l) on the deformed gel.</summary>
    private void Shade(Box box, Span<byte> rgb)
    {
        var inv2 = (float)(1 / (2 * Options.MmPerPixel));
        var gain = (float)Options.ShadingGain;
        float lx0 = _lightX[0], lx1 = _lightX[1], lx2 = _lightX[2], ly0 = _lightY[0], ly1 = _lightY[1], ly2 = _lightY[2];
        // Interior only: the margin keeps the blurred field zero at the box border, and outside it is stale.
        for (var y = Math.Max(box.Y0 + 1, 1); y < Math.Min(box.Y1 - 1, Height - 1); y++)
        {
            var row = y * Width;
            // The vertical blur spreads rows y-2..y+2 and the gradient one more pixel each way.
            int from = int.MaxValue, to = int.MinValue;
            for (var k = Math.Max(box.Y0, y - 3); k < Math.Min(box.Y1, y + 4); k++)
            {
                if (_spanEnd[k] > _spanStart[k])
                {
                    from = Math.Min(from, _spanStart[k] - 3);
                    to = Math.Max(to, _spanEnd[k] + 3);
                }
            }
            for (var x = Math.Max(Math.Max(box.X0 + 1, 1), from); x < Math.Min(Math.Min(box.X1 - 1, Width - 1), to); x++)
            {
                var i = row + x;
                var gx = (_zb[i + 1] - _zb[i - 1]) * inv2;
                var gy = (_zb[i + Width] - _zb[i - Width]) * inv2;
                if (gx == 0f && gy == 0f)
                {
                    continue;
                }
                var invLen = 1f / MathF.Sqrt(1f + gx * gx + gy * gy);
                var o = i * 3;
                rgb[o] = Scale(rgb[o], (1f - gx * lx0 - gy * ly0) * invLen, gain);
                rgb[o + 1] = Scale(rgb[o + 1], (1f - gx * lx1 - gy * ly1) * invLen, gain);
                rgb[o + 2] = Scale(rgb[o + 2], (1f - gx * lx2 - gy * ly2) * invLen, gain);
            }
        }
    }

    private static byte Scale(byte value, float ratio, float gain)
    {
        var v = value * (1f + gain * (MathF.Max(ratio, 0f) - 1f));
        return (byte)Math.Clamp((int)(v + 0.5f), 0, 255);
    }

    /// <summary>Dark anti-aliased discs on a regular grid; near the contact they follow the dragged gel.</summary>
    private void DrawMarkers(Span<byte> rgb, double contactX, double contactY, double dragX, double dragY)
    {
        var sigma = Options.DragSigmaMm / Options.MmPerPixel;
        var inv2s2 = 1 / (2 * sigma * sigma);
        var radius = Options.MarkerRadiusPx;
        var spacingX = (double)Width / Options.MarkerColumns;
        var spacingY = (double)Height / Options.MarkerRows;
        for (var j = 0; j < Options.MarkerRows; j++)
        {
            for (var i = 0; i < Options.MarkerColumns; i++)
            {
                var mx = (i + 0.5) * spacingX;
                var my = (j + 0.5) * spacingY;
                var falloff = Math.Exp(-((mx - contactX) * (mx - contactX) + (my - contactY) * (my - contactY)) * inv2s2);
                mx += dragX * falloff;
                my += dragY * falloff;
                var x0 = Math.Max(0, (int)(mx - radius - 1));
                var x1 = Math.Min(Width - 1, (int)(mx + radius + 1));
                var y0 = Math.Max(0, (int)(my - radius - 1));
                var y1 = Math.Min(Height - 1, (int)(my + radius + 1));
                for (var y = y0; y <= y1; y++)
                {
                    for (var x = x0; x <= x1; x++)
                    {
                        var dist = Math.Sqrt((x + 0.5 - mx) * (x + 0.5 - mx) + (y + 0.5 - my) * (y + 0.5 - my));
                        var coverage = Math.Clamp(radius + 0.5 - dist, 0, 1);
                        if (coverage <= 0)
                        {
                            continue;
                        }
                        var keep = 1 - 0.75 * coverage;
                        var o = (y * Width + x) * 3;
                        rgb[o] = (byte)(rgb[o] * keep);
                        rgb[o + 1] = (byte)(rgb[o + 1] * keep);
                        rgb[o + 2] = (byte)(rgb[o + 2] * keep);
                    }
                }
            }
        }
    }

    /// <summary>Saturating add of a window of a fixed noise table; the window start depends on seed and frame index.</summary>
    private void AddNoise(Span<byte> rgb, long frameIndex)
    {
        if (Options.NoiseStd <= 0)
        {
            return;
        }
        var mask = (1 << NoiseTableBits) - 1;
        var start = (int)(SplitMix(((ulong)(uint)Options.Seed << 32) ^ (ulong)frameIndex) & (ulong)(mask - rgb.Length));
        start &= ~31;
        var pos = _noisePositive.AsSpan(start, rgb.Length);
        var neg = _noiseNegative.AsSpan(start, rgb.Length);
        var i = 0;
        if (Avx2.IsSupported)
        {
            var vp = MemoryMarshal.Cast<byte, Vector256<byte>>(pos);
            var vn = MemoryMarshal.Cast<byte, Vector256<byte>>(neg);
            var vo = MemoryMarshal.Cast<byte, Vector256<byte>>(rgb);
            for (var k = 0; k < vo.Length; k++)
            {
                vo[k] = Avx2.SubtractSaturate(Avx2.AddSaturate(vo[k], vp[k]), vn[k]);
            }
            i = vo.Length * Vector256<byte>.Count;
        }
        for (; i < rgb.Length; i++)
        {
            rgb[i] = (byte)Math.Clamp(rgb[i] + pos[i] - neg[i], 0, 255);
        }
    }

    private static (byte[] Positive, byte[] Negative) NoiseTables(int seed, double std)
    {
        var random = new Random(seed);
        var positive = new byte[1 << NoiseTableBits];
        var negative = new byte[1 << NoiseTableBits];
        for (var i = 0; i < positive.Length; i++)
        {
            // Gaussian noise rounded to whole grey levels, split into a saturating add and subtract.
            var v = (int)Math.Round(random.NextGaussian(std));
            v = Math.Clamp(v, -127, 127);
            positive[i] = (byte)Math.Max(v, 0);
            negative[i] = (byte)Math.Max(-v, 0);
        }
        return (positive, negative);
    }

    private static ulong SplitMix(ulong x)
    {
        x += 0x9E3779B97F4A7C15UL;
        x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9UL;
        x = (x ^ (x >> 27)) * 0x94D049BB133111EBUL;
        return x ^ (x >> 31);
    }

    /// <summary>The simulator options for a profile: GelSight Mini gets its marker grid.</summary>
    public static SimulatorOptions OptionsFor(Profiles.SensorProfile profile, int seed) => new()
    {
        Seed = seed,
        MarkerColumns = profile.HasMarkers ? 7 : 0,
        MarkerRows = profile.HasMarkers ? 9 : 0,
    };
}
