using SparshRobot.Core.Sensing;
using SparshRobot.Core.Time;
using SparshRobot.Tactile.Calibration;

namespace SparshRobot.Control.Estimation;

/// <summary>Tuning of the classical (image-moment) estimator.</summary>
/// <param name="MmPerPixel">Gel size of one image pixel (DIGIT: 0.08 mm).</param>
/// <param name="Block">Residuals are averaged over square blocks of this many pixels a side before thresholding.</param>
/// <param name="MinThreshold">Smallest block difference (channel means, summed over RGB) that counts as touch.</param>
/// <param name="NoiseFactor">The threshold is at least this many times the mean residual of the untouched blocks.</param>
/// <param name="MinAreaMm2">Touch smaller than this is noise, not contact.</param>
/// <param name="ForceCurve">Normal force (N) against touched area (mm²), ascending area: the gel's response to the bead sleeve, measured on rendered DIGIT frames; interpolated linearly, extrapolated from the last segment.</param>
/// <param name="ShearComplianceMmPerN">How far a tangential load moves the imprint against the bead's settled position, mm/N.</param>
/// <param name="ShearReferenceTime">Time constant of the settled position the shear is measured against, seconds.</param>
/// <param name="SlipWindow">Slip is the imprint's motion over this window (80 ms, as Sparsh's frame pair).</param>
/// <param name="SlipSpeed">Imprint speed, mm/s, at which slip is as likely as not.</param>
/// <param name="MaxLightingGain">A fitted illumination gain beyond [1/this, this] means the image is not of this pad.</param>
public sealed record ClassicalEstimatorOptions(
    double MmPerPixel = 0.08,
    int Block = 4,
    double MinThreshold = 16,
    double NoiseFactor = 4,
    double MinAreaMm2 = 3,
    (double AreaMm2, double Newtons)[]? ForceCurve = null,
    double ShearComplianceMmPerN = 3.7,
    double ShearReferenceTime = 1.5,
    double SlipWindow = 0.08,
    double SlipSpeed = 6,
    double MaxLightingGain = 2.5)
{
    public static ClassicalEstimatorOptions Default { get; } = new();

    /// <summary>A 12 mm DIGIT bead sleeve at 0.5-6 N, imprints averaged over two wire angles (the test that renders them keeps it honest).</summary>
    public static IReadOnlyList<(double AreaMm2, double Newtons)> BeadSleeveForceCurve { get; } =
        [(0, 0), (23.7, 0.5), (34.2, 1.0), (41.8, 1.5), (47.7, 2.0), (53.4, 2.5), (57.8, 3.0), (61.4, 3.5), (65.7, 4.0), (72.7, 5.0), (79.0, 6.0)];

    /// <summary>Normal force for a touched area, from <see cref="ForceCurve"/> (or the bead-sleeve curve).</summary>
    public double ForceForArea(double area)
    {
        IReadOnlyList<(double AreaMm2, double Newtons)> curve = ForceCurve ?? BeadSleeveForceCurve;
        var k = 1;
        while (k < curve.Count - 1 && curve[k].AreaMm2 < area)
        {
            k++;
        }
        var (a0, f0) = curve[k - 1];
        var (a1, f1) = curve[k];
        return Math.Max(0, f0 + (f1 - f0) * (area - a0) / (a1 - a0));
    }
}

/// <summary>
/// The classical baseline of tactile cable following: per fingertip, subtract the pad's no-contact image (after
/// fitting the frame's illumination gain and offset per colour, so a lamp drifting does not read as touch), threshold
/// the residual, and take the touched region's area, centroid (contact offset) and principal axis (wire angle). Normal
/// force follows the touched area through the gel's measured response; shear is the imprint's displacement from its slowly settled position; slip is
/// the imprint's speed over the last 80 ms. No learning, no encoder: the comparison for the Sparsh probes.
/// </summary>
public sealed class ClassicalTactileEstimator : ITactileEstimator
{
    private readonly Finger _thumb;
    private readonly Finger _index;

    public ClassicalTactileEstimator(BackgroundImage thumbBackground, BackgroundImage indexBackground, string thumbSensorId = "digit_thumb",
        string indexSensorId = "digit_index", ClassicalEstimatorOptions? options = null, FrameMonitorOptions? monitor = null)
    {
        Options = options ?? ClassicalEstimatorOptions.Default;
        _thumb = new Finger(thumbSensorId, thumbBackground, Options, monitor);
        _index = new Finger(indexSensorId, indexBackground, Options, monitor);
    }

    public string Name => "classic";

    public ClassicalEstimatorOptions Options { get; }

    public FrameMonitor ThumbMonitor => _thumb.Monitor;

    public FrameMonitor IndexMonitor => _index.Monitor;

    public TactileState Update(Timestamp now, IReadOnlyList<TactileFrame> frames)
    {
        for (var i = 0; i < frames.Count; i++)
        {
            var frame = frames[i];
            if (frame.SensorId == _thumb.SensorId)
            {
                _thumb.Push(frame);
            }
            else if (frame.SensorId == _index.SensorId)
            {
                _index.Push(frame);
            }
        }
        return new TactileState(_thumb.At(now), _index.At(now));
    }

    /// <summary>Estimates one frame on its own (no slip, shear or health history); for tests and probes' labels.</summary>
    public static FingerEstimate EstimateFrame(TactileFrame frame, BackgroundImage background, ClassicalEstimatorOptions? options = null)
    {
        var finger = new Finger(frame.SensorId, background, options ?? ClassicalEstimatorOptions.Default, null);
        finger.Push(frame);
        return finger.At(frame.Stamp);
    }

    public void Dispose()
    {
    }

    private sealed class Finger
    {
        private const int SlipHistory = 16;
        private readonly byte[] _background;
        private readonly ClassicalEstimatorOptions _o;
        private readonly (double T, double X, double Y)[] _history = new (double, double, double)[SlipHistory];
        private readonly IlluminationFit _lighting;
        private readonly float[] _blocks;
        private readonly double[] _blockBackground;
        private int _historyCount;
        private int _historyNext;
        private FingerEstimate _last = FingerEstimate.None;
        private double _refX = double.NaN;
        private double _refY = double.NaN;
        private double _refTime;

        public Finger(string sensorId, BackgroundImage background, ClassicalEstimatorOptions options, FrameMonitorOptions? monitor)
        {
            SensorId = sensorId;
            _background = background.Rgb;
            _o = options;
            Monitor = new FrameMonitor(background.Width, background.Height, monitor);
            _lighting = new IlluminationFit(background, options.MaxLightingGain, method: IlluminationFitMethod.OutlierLimit);
            var block = options.Block;
            int bw = background.Width / block, bh = background.Height / block;
            _blocks = new float[bw * bh];
            _blockBackground = new double[bw * bh * 3];
            for (var y = 0; y < bh * block; y++)
            {
                for (var x = 0; x < bw * block; x++)
                {
                    for (var c = 0; c < 3; c++)
                    {
                        _blockBackground[((y / block) * bw + x / block) * 3 + c] += _background[(y * background.Width + x) * 3 + c] / (double)(block * block);
                    }
                }
            }
        }

        public string SensorId { get; }

        public FrameMonitor Monitor { get; }

        public void Push(TactileFrame frame)
        {
            var health = Monitor.Check(frame);
            if (health != FrameHealth.Ok)
            {
                _last = _last with { Stamp = frame.Stamp, Health = health, Confidence = 0 };
                return;
            }
            _last = Estimate(frame);
        }

        public FingerEstimate At(Timestamp now)
        {
            var health = Monitor.Age(_last.Health, _last.Stamp, now);
            return health == _last.Health ? _last : _last with { Health = health, Confidence = 0 };
        }

        private FingerEstimate Estimate(TactileFrame frame)
        {
            var pixels = frame.Pixels.Span;
            int w = Monitor.Width, h = Monitor.Height;
            if (!_lighting.Fit(pixels))
            {
                Monitor.Reset();
                return _last with { Stamp = frame.Stamp, Health = FrameHealth.Implausible, Confidence = 0 };
            }
            // Residual per block of Block x Block pixels, channel means first: averaging cancels pixel noise
            // (an image-noise fault) before the absolute value would turn it into false touch.
            var block = _o.Block;
            int bw = w / block, bh = h / block;
            var all = 0.0;
            for (var by = 0; by < bh; by++)
            {
                for (var bx = 0; bx < bw; bx++)
                {
                    double d0 = 0, d1 = 0, d2 = 0;
                    for (var y = by * block; y < (by + 1) * block; y++)
                    {
                        var i = (y * w + bx * block) * 3;
                        for (var x = 0; x < block; x++, i += 3)
                        {
                            d0 += pixels[i] - _background[i];
                            d1 += pixels[i + 1] - _background[i + 1];
                            d2 += pixels[i + 2] - _background[i + 2];
                        }
                    }
                    var n = block * block;
                    // The lighting fit is linear, so the block mean of gain x background + offset is gain x block mean + offset.
                    var b0 = _blockBackground[(by * bw + bx) * 3];
                    var b1 = _blockBackground[(by * bw + bx) * 3 + 1];
                    var b2 = _blockBackground[(by * bw + bx) * 3 + 2];
                    var r = Math.Abs(d0 / n - ((_lighting.Gain(0) - 1) * b0 + _lighting.Offset(0)))
                        + Math.Abs(d1 / n - ((_lighting.Gain(1) - 1) * b1 + _lighting.Offset(1)))
                        + Math.Abs(d2 / n - ((_lighting.Gain(2) - 1) * b2 + _lighting.Offset(2)));
                    _blocks[by * bw + bx] = (float)r;
                    all += r;
                }
            }
            var cut = 3 * all / (bw * bh);
            double quiet = 0;
            var quietCount = 0;
            foreach (var r in _blocks.AsSpan(0, bw * bh))
            {
                if (r <= cut)
                {
                    quiet += r;
                    quietCount++;
                }
            }
            var noise = quietCount > 0 ? quiet / quietCount : 0;
            var threshold = Math.Max(_o.MinThreshold, _o.NoiseFactor * noise);
            double mass = 0, sx = 0, sy = 0, sxx = 0, syy = 0, sxy = 0;
            var count = 0;
            for (var by = 0; by < bh; by++)
            {
                for (var bx = 0; bx < bw; bx++)
                {
                    if (_blocks[by * bw + bx] <= threshold)
                    {
                        continue;
                    }
                    // Unweighted: the LEDs shade one flank of the imprint brighter than the other, and weighting by the
                    // residual would pull the centroid towards it.
                    double x = bx * block + (block - 1) / 2.0, y = by * block + (block - 1) / 2.0;
                    count++;
                    mass += 1;
                    sx += x;
                    sy += y;
                    sxx += x * x;
                    syy += y * y;
                    sxy += x * y;
                }
            }
            var mm = _o.MmPerPixel;
            var area = count * block * block * mm * mm;
            var t = frame.Stamp.TotalSeconds;
            var confidence = Math.Clamp(1 - noise / _o.MinThreshold, 0.2, 1);
            if (area < _o.MinAreaMm2 || mass <= 0)
            {
                _historyCount = 0;
                _refX = double.NaN;
                return new FingerEstimate(frame.Stamp, false, area, 0, 0, 0, 0, 0, 0, 0, 0, confidence, FrameHealth.Ok);
            }
            var cx = sx / mass;
            var cy = sy / mass;
            var mxx = sxx / mass - cx * cx;
            var myy = syy / mass - cy * cy;
            var mxy = sxy / mass - cx * cy;
            var angle = 0.5 * Math.Atan2(2 * mxy, mxx - myy);
            var offsetX = (cx + 0.5 - w / 2.0) * mm;
            var offsetY = (cy + 0.5 - h / 2.0) * mm;
            var (slipP, slipV) = Slip(t, offsetX, offsetY);
            if (double.IsNaN(_refX))
            {
                (_refX, _refY, _refTime) = (offsetX, offsetY, t);
            }
            var blend = 1 - Math.Exp(-Math.Max(0, t - _refTime) / _o.ShearReferenceTime);
            _refX += (offsetX - _refX) * blend;
            _refY += (offsetY - _refY) * blend;
            _refTime = t;
            var shearX = (offsetX - _refX) / _o.ShearComplianceMmPerN;
            var shearY = (offsetY - _refY) / _o.ShearComplianceMmPerN;
            var normal = _o.ForceForArea(area);
            return new FingerEstimate(frame.Stamp, true, area, offsetX, offsetY, NormalizeLine(angle), normal, shearX, shearY, slipP, slipV,
                confidence, FrameHealth.Ok);
        }

        private (double Probability, double Speed) Slip(double t, double x, double y)
        {
            _history[_historyNext] = (t, x, y);
            _historyNext = (_historyNext + 1) % SlipHistory;
            _historyCount = Math.Min(SlipHistory, _historyCount + 1);
            // The oldest sample still inside the window is the other end of the 80 ms pair.
            var oldest = (t, x, y);
            for (var k = 1; k < _historyCount; k++)
            {
                var s = _history[(_historyNext - 1 - k + 2 * SlipHistory) % SlipHistory];
                if (t - s.T > _o.SlipWindow + 1e-6)
                {
                    break;
                }
                oldest = s;
            }
            var dt = t - oldest.t;
            if (dt <= 0)
            {
                return (0, 0);
            }
            var dx = x - oldest.x;
            var dy = y - oldest.y;
            var speed = Math.Sqrt(dx * dx + dy * dy) / dt;
            return (1 / (1 + Math.Exp(-(speed - _o.SlipSpeed) / (0.25 * _o.SlipSpeed))), speed);
        }

        private static double NormalizeLine(double angle) => angle <= -Math.PI / 2 ? angle + Math.PI : angle > Math.PI / 2 ? angle - Math.PI : angle;
    }
}
