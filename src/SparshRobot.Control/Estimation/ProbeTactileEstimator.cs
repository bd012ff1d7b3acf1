using SparshRobot.Core.Sensing;
using SparshRobot.Core.Time;
using SparshRobot.Encoder;
using SparshRobot.Encoder.Checkpoints;
using SparshRobot.Encoder.Model;
using SparshRobot.Encoder.Probes;
using SparshRobot.Tactile.Calibration;
using SparshRobot.Tactile.Preprocessing;
using SparshRobot.Tactile.Profiles;
using TorchSharp;
using static TorchSharp.torch;

namespace SparshRobot.Control.Estimation;

/// <summary>Settings of <see cref="ProbeTactileEstimator"/>; the defaults fit the simulated and real DIGITs at 60 Hz.</summary>
public sealed record ProbeEstimatorOptions
{
    public string ThumbSensorId { get; init; } = "digit_thumb";

    public string IndexSensorId { get; init; } = "digit_index";

    public SensorProfile Profile { get; init; } = SensorProfile.Digit;

    /// <summary>Encoder input size; must be what the probes were trained on (record-touch writes 224x224).</summary>
    public SparshInputSize Size { get; init; } = SparshInputSize.ForceField;

    /// <summary>Native frames between the pair's images (Sparsh: 5).</summary>
    public int Stride { get; init; } = 5;

    /// <summary>
    /// At most one encoder pass per this interval: 30 ms encodes every other 60 Hz frame, a 30 Hz estimate at half
    /// the cost. Frames in between still enter the pipelines; zero encodes on every new frame.
    /// </summary>
    public TimeSpan MinPassInterval { get; init; } = TimeSpan.FromMilliseconds(30);

    /// <summary>No newer frame for this long makes a finger Stale (six 60 Hz periods).</summary>
    public TimeSpan StaleAfter { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>This many consecutive byte-identical frames make a finger Frozen.</summary>
    public int FrozenFrames { get; init; } = 3;

    /// <summary>
    /// Undo each frame's fitted illumination before the encoder sees it (the lamp drifting would otherwise read as
    /// touch everywhere); a frame no illumination explains by the background is Implausible.
    /// </summary>
    public bool CompensateIllumination { get; init; } = true;

    /// <summary>Normal force above which the pad is in contact, N.</summary>
    public double ContactForceN { get; init; } = 0.3;

    /// <summary>Summed RGB difference from the background above which a pixel counts toward the contact area.</summary>
    public int AreaPixelThreshold { get; init; } = 30;

    /// <summary>Pad size of one image pixel, mm (DIGIT: 0.08).</summary>
    public double MmPerPixel { get; init; } = 0.08;

    /// <summary>Format the encoder runs in when <see cref="ProbeTactileEstimator.Load"/> opens it; the probes read float32 tokens either way.</summary>
    public EncoderPrecision Precision { get; init; } = EncoderPrecision.Float32;

    /// <summary>
    /// Added to the slip logit after the checkpoint's correction to the natural slip rate: the controller's operating
    /// point, not a calibration, so the estimate's slip probability is the reading the supervisor thresholds. At the
    /// natural rate a creeping slip never reaches the slip threshold, and a missed slip costs the bead where a false
    /// one costs a brief grip step. 4.8 (about the shipped probe's offset undone) was chosen closed-loop on training
    /// mazes (docs/control.md).
    /// </summary>
    public double SlipLogitBias
    {
        get => _slipLogitBias;
        init => _slipLogitBias = IsSlipLogitBias(value) ? value
            : throw new ArgumentOutOfRangeException(nameof(SlipLogitBias), value, $"expected a finite logit within ±{MaxSlipLogitBias}");
    }

    /// <summary>Largest <see cref="SlipLogitBias"/> either way: past it the slip reading is pinned at 0 or 1 whatever the touch.</summary>
    public const double MaxSlipLogitBias = 20;

    /// <summary>Whether <paramref name="value"/> is a <see cref="SlipLogitBias"/> the estimator takes.</summary>
    public static bool IsSlipLogitBias(double value) => double.IsFinite(value) && Math.Abs(value) <= MaxSlipLogitBias;

    private readonly double _slipLogitBias = 4.8;
}

/// <summary>
/// Tactile state from Sparsh attentive probes on a frozen encoder: each finger's frames go through its own
/// <see cref="SparshSensorPipeline"/>; every update with new frames encodes all fingers that have one in a single
/// batched pass, and the force, slip and pose probes read the same tokens. Health is judged on the raw frames
/// before any of that. Owns the encoder and the probes it is given.
/// </summary>
public sealed class ProbeTactileEstimator : ITactileEstimator
{
    private readonly TactileEncoder _encoder;
    private readonly TaskProbe _force;
    private readonly TaskProbe _slip;
    private readonly TaskProbe _pose;
    private readonly ProbeNormalization _normalization;
    private readonly float _slipLogitOffset;
    private readonly ProbeEstimatorOptions _options;
    private readonly FingerState[] _fingers;
    private readonly SparshInputBatch _batch;
    private bool _unencoded;
    private Timestamp? _lastPassAt;

    /// <param name="slipLogitOffset">
    /// Added to the slip probe's logit (slip minus no-slip): its checkpoint's correction to the natural slip rate
    /// (<see cref="ProbeEstimatorOptions.SlipLogitBias"/> is added on top).
    /// </param>
    public ProbeTactileEstimator(TactileEncoder encoder, TaskProbe force, TaskProbe slip, TaskProbe pose, ProbeNormalization normalization,
        BackgroundImage thumbBackground, BackgroundImage indexBackground, ProbeEstimatorOptions? options = null, double slipLogitOffset = 0)
    {
        _options = options ?? new ProbeEstimatorOptions();
        foreach (var (probe, task) in new[] { (force, ProbeTask.Force), (slip, ProbeTask.Slip), (pose, ProbeTask.Pose) })
        {
            if (probe.Task != task)
            {
                throw new ArgumentException($"the {task.ToString().ToLowerInvariant()} probe slot holds a {probe.Task} probe");
            }
        }
        _encoder = encoder;
        _force = force;
        _slip = slip;
        _pose = pose;
        _normalization = normalization;
        _slipLogitOffset = (float)(slipLogitOffset + _options.SlipLogitBias);
        _fingers =
        [
            new FingerState(_options.ThumbSensorId, thumbBackground, _options),
            new FingerState(_options.IndexSensorId, indexBackground, _options),
        ];
        _batch = new SparshInputBatch(_fingers.Length, _options.Size);
    }

    public string Name => "probe";

    /// <summary>The tokens of the last encoder pass (owned here, replaced by the next pass), for the policy to reuse; null before the first.</summary>
    public EncoderPass? LastPass { get; private set; }

    /// <summary>Identity of the frozen encoder the probes read (a reader of <see cref="LastPass"/> must expect the same).</summary>
    public string EncoderIdentity => _encoder.Identity;

    /// <summary>The encoder input size of every pass.</summary>
    public SparshInputSize Size => _options.Size;

    /// <summary>Native frames between a pair's two images.</summary>
    public int Stride => _options.Stride;

    /// <summary>Encoder passes run so far (one per update that brought a frame).</summary>
    public long EncoderPasses { get; private set; }

    /// <summary>
    /// Loads <c>&lt;probes&gt;/{force,slip,pose}/probe.safetensors</c> (what <c>probe train --output &lt;probes&gt;/&lt;task&gt;</c>
    /// writes) and the encoder they were trained on.
    /// </summary>
    public static ProbeTactileEstimator Load(string probesDir, string encoderPath, BackgroundImage thumbBackground, BackgroundImage indexBackground,
        ProbeEstimatorOptions? options = null, Device? device = null, int? numHeads = null)
    {
        if (!File.Exists(encoderPath))
        {
            throw new FileNotFoundException($"{encoderPath}: encoder checkpoint not found", encoderPath);
        }
        options ??= new ProbeEstimatorOptions();
        var encoder = TactileEncoder.Open(encoderPath, device, numHeads, options.Precision);
        var loaded = new List<TaskProbe>();
        try
        {
            if (encoder.Config.Mode == InputMode.Video)
            {
                throw new CheckpointException(encoderPath, "is a video (V-JEPA) encoder; the estimator feeds image pairs, so its probes need an image encoder (MAE, DINO, I-JEPA)");
            }
            ProbeNormalization? normalization = null;
            var slipLogitOffset = 0.0;
            foreach (var task in new[] { ProbeTask.Force, ProbeTask.Slip, ProbeTask.Pose })
            {
                var path = Path.Combine(probesDir, task.ToString().ToLowerInvariant(), "probe.safetensors");
                if (!File.Exists(path))
                {
                    throw new FileNotFoundException($"{path}: {task.ToString().ToLowerInvariant()} probe checkpoint not found", path);
                }
                var (probe, info) = ProbeCheckpoint.Load(path, encoder.Identity);
                loaded.Add(probe);
                if (info.Task != task)
                {
                    throw new CheckpointException(path, $"holds a {info.Task} probe, expected {task}");
                }
                if (info.EmbedDim != encoder.Config.EmbedDim)
                {
                    throw new CheckpointException(path, $"probe expects {info.EmbedDim}-wide tokens, the encoder gives {encoder.Config.EmbedDim}");
                }
                probe.to(encoder.Device);
                normalization ??= info.Normalization;
                slipLogitOffset = task == ProbeTask.Slip ? info.SlipLogitOffset : slipLogitOffset;
            }
            return new ProbeTactileEstimator(encoder, loaded[0], loaded[1], loaded[2], normalization!, thumbBackground, indexBackground, options, slipLogitOffset);
        }
        catch
        {
            loaded.ForEach(p => p.Dispose());
            encoder.Dispose();
            throw;
        }
    }

    public TactileState Update(Timestamp now, IReadOnlyList<TactileFrame> frames)
    {
        var fresh = false;
        foreach (var frame in frames)
        {
            if (Array.Find(_fingers, f => f.SensorId == frame.SensorId) is { } finger)
            {
                fresh |= finger.Feed(frame);
            }
        }
        foreach (var finger in _fingers)
        {
            finger.CheckStale(now);
        }
        _unencoded |= fresh;
        if (_unencoded && (_lastPassAt is not { } last || now.Since(last) >= _options.MinPassInterval))
        {
            Estimate(now);
        }
        return new TactileState(_fingers[0].Current(), _fingers[1].Current());
    }

    /// <summary>
    /// The pass over the newest frames: frames still waiting for the rate limit are encoded now (and estimated from),
    /// so a reader that needs current tokens, the policy at a plan tick, pays for no pass of its own.
    /// </summary>
    public EncoderPass? CurrentPass(Timestamp now)
    {
        if (_unencoded)
        {
            Estimate(now);
        }
        return LastPass;
    }

    private void Estimate(Timestamp now)
    {
        _unencoded = false;
        _lastPassAt = now;
        var ready = _fingers.Where(f => f.Health is FrameHealth.Ok or FrameHealth.Frozen && f.Pipeline.Stack.Count > 0).ToArray();
        if (ready.Length == 0)
        {
            return;
        }
        for (var i = 0; i < ready.Length; i++)
        {
            _batch.Fill(i, ready[i].Pipeline.Stack);
        }
        using var mode = inference_mode();
        using var scope = NewDisposeScope();
        var input = TactileEncoder.FromBuffer(_batch.Data.AsSpan(0, ready.Length * _batch.SampleLength), [ready.Length, .. _batch.Shape[1..]]);
        var tokens = _encoder.Encode(input);
        EncoderPasses++;
        var force = (_force.call(tokens) * tensor(_normalization.MaxForce, device: tokens.device)).cpu().data<float>().ToArray();
        var logits = _slip.call(tokens);
        var slip = (logits.select(1, 1) - logits.select(1, 0) + _slipLogitOffset).sigmoid().contiguous().cpu().data<float>().ToArray();
        var pose = _pose.call(tokens).view(-1, 3, TaskProbe.PoseBins).softmax(2).cpu().data<float>().ToArray();
        LastPass?.Tokens.Dispose();
        LastPass = new EncoderPass(tokens.DetachFromDisposeScope(), [.. ready.Select(f => f.Row())], _encoder.Identity, _options.Size, _options.Stride);
        for (var i = 0; i < ready.Length; i++)
        {
            ready[i].Record(force.AsSpan(i * 3, 3), slip[i], pose.AsSpan(i * 3 * TaskProbe.PoseBins, 3 * TaskProbe.PoseBins), _options);
        }
    }

    public void Dispose()
    {
        LastPass?.Tokens.Dispose();
        LastPass = null;
        _force.Dispose();
        _slip.Dispose();
        _pose.Dispose();
        _encoder.Dispose();
    }

    /// <summary>One fingertip: its pipeline, the health of its frame stream and its last estimate.</summary>
    private sealed class FingerState
    {
        private readonly ProbeEstimatorOptions _options;
        private readonly BackgroundImage _background;
        private readonly FrameMonitor _monitor;
        private long _lastSequence = -1;
        private double _areaMm2;
        private FingerEstimate _estimate = FingerEstimate.None;

        public FingerState(string sensorId, BackgroundImage background, ProbeEstimatorOptions options)
        {
            SensorId = sensorId;
            _options = options;
            _background = background;
            Pipeline = new SparshSensorPipeline(options.Profile, background, options.Size, options.Stride, options.CompensateIllumination);
            // The classical estimator's monitor decides when repeated images mean a frozen sensor.
            _monitor = new FrameMonitor(background.Width, background.Height, new FrameMonitorOptions(options.StaleAfter.TotalSeconds, options.FrozenFrames));
        }

        public string SensorId { get; }

        public SparshSensorPipeline Pipeline { get; }

        public FrameHealth Health { get; private set; } = FrameHealth.NoFrame;

        public Timestamp? NewestStamp { get; private set; }

        /// <summary>Judges and, when plausible, preprocesses a frame; true when it is one to estimate from.</summary>
        public bool Feed(TactileFrame frame)
        {
            if (frame.Sequence <= _lastSequence)
            {
                return false;
            }
            var jumped = _lastSequence >= 0 && frame.Sequence - _lastSequence > _options.Stride;
            _lastSequence = frame.Sequence;
            NewestStamp = frame.Stamp;
            if (frame.Width != _background.Width || frame.Height != _background.Height || frame.Encoding != PixelEncoding.Rgb8)
            {
                Health = FrameHealth.Implausible;
                return false;
            }
            // Size and encoding are right, so the monitor answers Ok or Frozen.
            var repeated = _monitor.Check(frame);
            if (jumped)
            {
                // No pair may straddle the gap: the next pair starts after it.
                Pipeline.Stack.Clear();
            }
            if (!Pipeline.Push(frame))
            {
                Health = FrameHealth.Implausible;
                return false;
            }
            _areaMm2 = TouchedArea(Pipeline.LastFrame!);
            Health = jumped ? FrameHealth.Stale : repeated;
            return Health != FrameHealth.Stale;
        }

        public EncodedPair Row()
        {
            var (newest, older) = Pipeline.Stack.PairSequences();
            return new EncodedPair(SensorId, newest, older, NewestStamp!.Value);
        }

        public void CheckStale(Timestamp now)
        {
            if (NewestStamp is { } newest && Health != FrameHealth.NoFrame && now.Since(newest) > _options.StaleAfter)
            {
                Health = FrameHealth.Stale;
                Pipeline.Stack.Clear();
            }
        }

        public void Record(ReadOnlySpan<float> force, float slipProbability, ReadOnlySpan<float> pose, ProbeEstimatorOptions options)
        {
            var bins = TaskProbe.PoseBins;
            var x = ContactPoseBins.ExpectedOffsetMm(pose[..bins]);
            var y = ContactPoseBins.ExpectedOffsetMm(pose.Slice(bins, bins));
            var angle = ContactPoseBins.ExpectedAngleRad(pose.Slice(2 * bins, bins));
            var stamp = NewestStamp!.Value;
            // The contact centre moves with the bead as it slides, so slip speed is the centre's speed while slipping.
            var dt = _estimate.Health == FrameHealth.NoFrame ? 0 : stamp.Since(_estimate.Stamp).TotalSeconds;
            var severity = dt <= 0 ? _estimate.SlipSeverity
                : slipProbability > 0.5 ? Math.Sqrt(Math.Pow(x - _estimate.OffsetXMm, 2) + Math.Pow(y - _estimate.OffsetYMm, 2)) / dt : 0;
            // Confidence: how peaked the pose bins are (mean of the three axes' top probability).
            var peak = (Max(pose[..bins]) + Max(pose.Slice(bins, bins)) + Max(pose.Slice(2 * bins, bins))) / 3;
            _estimate = new FingerEstimate(stamp, force[2] > options.ContactForceN, _areaMm2, x, y, angle, force[2], force[0], force[1],
                slipProbability, severity, peak, Health);
        }

        /// <summary>The last estimate under the current health: values kept, confidence withdrawn when not Ok.</summary>
        public FingerEstimate Current() => Health switch
        {
            FrameHealth.NoFrame => FingerEstimate.None,
            FrameHealth.Ok => _estimate with { Health = FrameHealth.Ok },
            _ => _estimate with { Health = Health, Confidence = 0 },
        };

        /// <summary>Pad area whose colour differs from the background's (as the pipeline saw the frame, lighting undone).</summary>
        private double TouchedArea(TactileFrame frame) =>
            BackgroundSubtraction.CountDiffering(frame.Pixels.Span, _background.Rgb, _options.AreaPixelThreshold) * _options.MmPerPixel * _options.MmPerPixel;

        private static double Max(ReadOnlySpan<float> values)
        {
            var max = 0f;
            foreach (var v in values)
            {
                max = Math.Max(max, v);
            }
            return max;
        }
    }
}
