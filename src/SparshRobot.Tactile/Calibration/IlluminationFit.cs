using SparshRobot.Core.Sensing;

namespace SparshRobot.Tactile.Calibration;

/// <summary>How <see cref="IlluminationFit"/> keeps touch out of the lighting it fits.</summary>
public enum IlluminationFitMethod
{
    /// <summary>
    /// Least squares on every grid sample, then again on the ones within three times the mean residual (at least 6
    /// grey levels): quick to settle on a strongly relit pad, what the classical estimator's thresholds were tuned on.
    /// </summary>
    OutlierLimit,

    /// <summary>
    /// Least squares refitted twice on the 70 % of the grid the last fit explains best: touch covers less of the pad,
    /// so a pressed but nominally lit frame fits as nominal (within a grey level) and is left alone.
    /// </summary>
    Trimmed,
}

/// <summary>
/// A frame's illumination against its pad's background: <c>frame = gain x background + offset</c> per colour, fitted
/// on a coarse pixel grid. A DIGIT's LEDs warming or dimming scale and shift the whole image, which background
/// subtraction would read as touch everywhere; undoing the fitted illumination first leaves only the gel's
/// deformation. One instance per sensor stream: it keeps the last fit and its lookup tables.
/// </summary>
public sealed class IlluminationFit
{
    private const int Grid = 8;
    private const int TrimmedPasses = 2;
    private const double KeptShare = 0.7;
    private readonly BackgroundImage _background;
    private readonly double _maxGain;
    private readonly double _tolerance;
    private readonly IlluminationFitMethod _method;
    private readonly double[] _gain = [1, 1, 1];
    private readonly double[] _offset = [0, 0, 0];
    private readonly byte[] _undo = new byte[3 * 256];
    private readonly int _gridSamples;
    private readonly (byte Background, byte Value)[] _samples;
    private readonly double[] _residuals;
    private byte[] _corrected = [];

    /// <param name="maxGain">A fitted gain beyond [1/this, this], or an offset beyond 128 grey levels, means the image is not of this pad.</param>
    /// <param name="toleranceGreyLevels">
    /// A fit that moves no value by more than this is nominal lighting and <see cref="Undo"/> leaves the frame as it
    /// came, so frames lit as the background was (all the training touch) reach the encoder byte for byte.
    /// </param>
    public IlluminationFit(BackgroundImage background, double maxGain = 2.5, double toleranceGreyLevels = 4,
        IlluminationFitMethod method = IlluminationFitMethod.Trimmed)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(maxGain, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(toleranceGreyLevels);
        if (background.Width < Grid || background.Height < Grid)
        {
            throw new ArgumentException($"a {background.Width}x{background.Height} background is too small to fit illumination on (at least {Grid}x{Grid})", nameof(background));
        }
        _background = background;
        _maxGain = maxGain;
        _tolerance = toleranceGreyLevels;
        _method = method;
        _gridSamples = ((background.Width - Grid / 2 + Grid - 1) / Grid) * ((background.Height - Grid / 2 + Grid - 1) / Grid);
        _samples = new (byte, byte)[3 * _gridSamples];
        _residuals = new double[_gridSamples];
    }

    /// <summary>Fitted gain of colour <c>c</c> (0 = red) of the last frame.</summary>
    public double Gain(int c) => _gain[c];

    /// <summary>Fitted offset of colour <c>c</c>, grey levels.</summary>
    public double Offset(int c) => _offset[c];

    /// <summary>Mean absolute residual of the samples the fit kept, summed over the three colours (grey levels).</summary>
    public double Noise { get; private set; }

    /// <summary>The last fit moves some value by more than the tolerance.</summary>
    public bool Departs { get; private set; }

    /// <summary>
    /// Fits the illumination of <paramref name="pixels"/> (RGB, or BGR when <paramref name="bgr"/>, the background's
    /// size); false when the fit says the image is not of this pad (gain or offset out of bounds).
    /// </summary>
    public bool Fit(ReadOnlySpan<byte> pixels, bool bgr = false)
    {
        var background = _background.Rgb;
        if (pixels.Length != background.Length)
        {
            throw new ArgumentException($"frame holds {pixels.Length} bytes; the {_background.Width}x{_background.Height} background {background.Length}");
        }
        int w = _background.Width, h = _background.Height;
        for (var c = 0; c < 3; c++)
        {
            // The frame's channel c shows the background's channel c, or 2 - c when the frame is BGR.
            var fc = bgr ? 2 - c : c;
            var n = c * _gridSamples;
            for (var y = Grid / 2; y < h; y += Grid)
            {
                for (var x = Grid / 2; x < w; x += Grid)
                {
                    var i = (y * w + x) * 3;
                    _samples[n++] = (background[i + c], pixels[i + fc]);
                }
            }
        }
        if (!(_method == IlluminationFitMethod.Trimmed ? FitTrimmed() : FitWithOutlierLimit()))
        {
            return false;
        }
        // The correction (v - offset) / gain - v is linear in v, so it is largest at 0 or 255.
        Departs = false;
        for (var c = 0; c < 3; c++)
        {
            Departs |= Math.Abs(-_offset[c] / _gain[c]) > _tolerance || Math.Abs((255 - _offset[c]) / _gain[c] - 255) > _tolerance;
        }
        return true;
    }

    /// <summary>Fits the illumination of an rgb8 or bgr8 frame of the background's size; false when it is not of this pad.</summary>
    public bool Fit(TactileFrame frame) => Fit(frame.Pixels.Span, Bgr(frame));

    private Span<(byte Background, byte Value)> Samples(int c) => _samples.AsSpan(c * _gridSamples, _gridSamples);

    private bool FitWithOutlierLimit()
    {
        for (var c = 0; c < 3; c++)
        {
            (_gain[c], _offset[c]) = (1, 0);
        }
        var noise = 0.0;
        for (var pass = 0; pass < 2; pass++)
        {
            var limit = pass == 0 ? double.PositiveInfinity : Math.Max(3 * noise, 6);
            var total = 0.0;
            var count = 0;
            for (var c = 0; c < 3; c++)
            {
                var (gain, offset) = LeastSquares(Samples(c), limit, _gain[c], _offset[c]);
                if (!InBounds(gain, offset))
                {
                    return false;
                }
                (_gain[c], _offset[c]) = (gain, offset);
                foreach (var (b, v) in Samples(c))
                {
                    var r = Math.Abs(v - (gain * b + offset));
                    if (r <= limit)
                    {
                        total += r;
                        count++;
                    }
                }
            }
            // Summed over the three channels, as a per-pixel residual is.
            noise = count > 0 ? 3 * total / count : 0;
        }
        Noise = noise;
        return true;
    }

    private bool FitTrimmed()
    {
        var kept = (int)(KeptShare * _gridSamples);
        var total = 0.0;
        for (var c = 0; c < 3; c++)
        {
            var samples = Samples(c);
            var (gain, offset) = LeastSquares(samples, double.PositiveInfinity, 1, 0);
            for (var pass = 0; pass < TrimmedPasses; pass++)
            {
                for (var k = 0; k < samples.Length; k++)
                {
                    _residuals[k] = Math.Abs(samples[k].Value - (gain * samples[k].Background + offset));
                }
                // Only the kept-th smallest residual is needed (and, below, the kept smallest as a set): a selection, not a sort.
                var limit = SelectSmallest(_residuals.AsSpan(0, samples.Length), Math.Max(0, kept - 1));
                (gain, offset) = LeastSquares(samples, limit, gain, offset);
            }
            if (!InBounds(gain, offset))
            {
                return false;
            }
            (_gain[c], _offset[c]) = (gain, offset);
            for (var k = 0; k < kept; k++)
            {
                total += _residuals[k];
            }
        }
        Noise = total / Math.Max(1, kept);
        return true;
    }

    /// <summary>
    /// Reorders <paramref name="values"/> so that position <paramref name="k"/> holds the value a sort would put there,
    /// everything before it no larger and everything after no smaller (Hoare's selection); returns that value.
    /// </summary>
    internal static double SelectSmallest(Span<double> values, int k)
    {
        int lo = 0, hi = values.Length - 1;
        while (lo < hi)
        {
            var pivot = values[lo + (hi - lo) / 2];
            int i = lo, j = hi;
            while (i <= j)
            {
                while (values[i] < pivot)
                {
                    i++;
                }
                while (values[j] > pivot)
                {
                    j--;
                }
                if (i <= j)
                {
                    (values[i], values[j]) = (values[j], values[i]);
                    i++;
                    j--;
                }
            }
            // Now [lo, j] <= pivot <= [i, hi], and anything strictly between j and i equals the pivot.
            if (k <= j)
            {
                hi = j;
            }
            else if (k >= i)
            {
                lo = i;
            }
            else
            {
                break;
            }
        }
        return values[k];
    }

    private bool InBounds(double gain, double offset) => gain > 1 / _maxGain && gain < _maxGain && Math.Abs(offset) <= 128;

    /// <summary>Least-squares gain and offset over the samples whose residual under the previous fit is within <paramref name="limit"/>.</summary>
    private static (double Gain, double Offset) LeastSquares(ReadOnlySpan<(byte Background, byte Value)> samples, double limit, double gain, double offset)
    {
        double n = 0, sb = 0, si = 0, sbb = 0, sbi = 0;
        foreach (var (background, value) in samples)
        {
            double b = background, v = value;
            if (Math.Abs(v - (gain * b + offset)) > limit)
            {
                continue;
            }
            n++;
            sb += b;
            si += v;
            sbb += b * b;
            sbi += b * v;
        }
        var variance = n * sbb - sb * sb;
        var fitted = variance > 1e-6 * n * n ? (n * sbi - sb * si) / variance : 1;
        return (fitted, n > 0 ? (si - fitted * sb) / n : 0);
    }

    private static bool Bgr(TactileFrame frame) => frame.Encoding switch
    {
        PixelEncoding.Rgb8 => false,
        PixelEncoding.Bgr8 => true,
        _ => throw new ArgumentException($"frame of sensor '{frame.SensorId}' is {frame.Encoding.RosName()}; an illumination fit takes rgb8 or bgr8", nameof(frame)),
    };

    /// <summary>
    /// <paramref name="frame"/> as the background's lighting would show it (the last fit undone, rounded and clamped;
    /// a value clipped at 0 or 255 replaced by the background's), or the frame itself when the fit does not depart from
    /// nominal. A returned copy's pixels are reused by the next call.
    /// </summary>
    public TactileFrame Undo(TactileFrame frame)
    {
        if (!Departs)
        {
            return frame;
        }
        var pixels = frame.Pixels.Span;
        if (_corrected.Length != pixels.Length)
        {
            _corrected = new byte[pixels.Length];
        }
        // One lookup table per colour of the frame, built only for the frames that need undoing.
        var bgr = Bgr(frame);
        for (var fc = 0; fc < 3; fc++)
        {
            var c = bgr ? 2 - fc : fc;
            for (var v = 0; v < 256; v++)
            {
                _undo[fc * 256 + v] = (byte)Math.Clamp((int)Math.Round((v - _offset[c]) / _gain[c]), 0, 255);
            }
        }
        var background = _background.Rgb;
        for (var i = 0; i < pixels.Length; i += 3)
        {
            for (var c = 0; c < 3; c++)
            {
                // A clipped value says nothing of what lies beneath it: it reads as untouched pad.
                var v = pixels[i + c];
                _corrected[i + c] = v is 0 or 255 ? background[i + (bgr ? 2 - c : c)] : _undo[c * 256 + v];
            }
        }
        return new TactileFrame(frame.SensorId, frame.Stamp, frame.Sequence, frame.Width, frame.Height, frame.Encoding, _corrected);
    }
}
