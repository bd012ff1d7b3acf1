using System.Diagnostics;
using SparshRobot.Core.Geometry;
using SparshRobot.Core.Sensing;
using SparshRobot.Core.Time;
using SparshRobot.Encoder;
using SparshRobot.Policy.Spec;
using SparshRobot.Tactile.Calibration;
using SparshRobot.Tactile.Preprocessing;
using SparshRobot.Tactile.Profiles;
using static TorchSharp.torch;

namespace SparshRobot.Policy.Runtime;

/// <summary>One sensor the policy observes: its name in the spec, its profile (frame size, native rate) and its no-contact image.</summary>
public sealed record PolicySensor(string Name, SensorProfile Profile, BackgroundImage? Background);

/// <summary>
/// The one place that turns live tactile frames and end-effector positions into policy actions, for the policy
/// node and for simulator rollouts alike, built exactly as the dataset was (docs/design-notes.md, "Sparsh frame
/// pairs"): every frame at the sensor's native rate goes through the dataset's <see cref="SparshSensorPipeline"/>, so the stride partner
/// is <c>stride</c> native frames back whatever the control rate, each frame's illumination undone first when it departs
/// from the background's (identity for frames lit as the training touch was); all sensors are encoded in one batch; the last
/// <c>n_obs</c> steps go to the policy oldest first, the first step repeated until enough exist (as training clamps).
/// </summary>
/// <remarks>
/// <see cref="PushFrame"/> may be called from any thread and only queues the frame; <see cref="Step"/> does all the
/// work and must be called from one thread at a time. The pipelines defer preprocessing to the first read: a step on a
/// matching shared pass preprocesses nothing.
/// </remarks>
public sealed class PolicyRunner : IDisposable
{
    private const int StateDim = 3;

    private readonly ITactilePolicy _policy;
    private readonly TactileEncoder _encoder;
    private readonly SensorState[] _sensors;
    private readonly Dictionary<string, SensorState> _byName;
    private readonly SparshInputBatch _batch;
    private readonly Queue<(Tensor Tokens, Vec3 Position)> _history = new();
    private readonly int _stalePeriods;

    // Seeds a stochastic head (diffusion) so that a rollout or a node run replays exactly.
    private readonly Generator _generator;

    /// <param name="stalePeriods">A sensor whose newest frame is more than this many native periods older than the observation is stale.</param>
    /// <param name="seed">Seed of the policy's sampler (diffusion noise).</param>
    public PolicyRunner(ITactilePolicy policy, TactileEncoder encoder, IReadOnlyList<PolicySensor> sensors, int stalePeriods = 6, long seed = 0)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(stalePeriods, 1);
        _generator = new Generator((ulong)seed);
        var spec = policy.Observation;
        if (encoder.Identity != spec.EncoderIdentity)
        {
            throw new PolicySpecMismatchException($"encoder {encoder.Info.FilePath}", [$"encoder: expected {spec.EncoderIdentity}, found {encoder.Identity}"]);
        }
        if (encoder.Config.EmbedDim != spec.EmbedDim)
        {
            throw new PolicySpecMismatchException($"encoder {encoder.Info.FilePath}", [$"embed_dim: expected {spec.EmbedDim}, found {encoder.Config.EmbedDim}"]);
        }
        if (spec.StateFeatures.Count != StateDim)
        {
            throw new ArgumentException($"the policy's state features are [{string.Join(", ", spec.StateFeatures)}]; the runtime feeds the end-effector position (3 values)");
        }
        var names = sensors.Select(s => s.Name).ToList();
        if (!names.Order(StringComparer.Ordinal).SequenceEqual(spec.Sensors.Order(StringComparer.Ordinal), StringComparer.Ordinal))
        {
            throw new ArgumentException($"the policy observes sensors [{string.Join(", ", spec.Sensors)}], the runtime was given [{string.Join(", ", names)}]");
        }
        var size = new SparshInputSize(spec.ImageHeight, spec.ImageWidth);
        _policy = policy;
        _encoder = encoder;
        _stalePeriods = stalePeriods;
        _sensors = [.. spec.Sensors.Select(name => sensors.Single(s => s.Name == name))
            .Select(s => new SensorState(s, new SparshSensorPipeline(s.Profile, s.Background, size, spec.FrameStride,
                compensateIllumination: s.Profile.SubtractBackground, deferPreprocessing: true)))];
        _byName = _sensors.ToDictionary(s => s.Sensor.Name, StringComparer.Ordinal);
        _batch = new SparshInputBatch(_sensors.Length, size);
    }

    public ObservationSpec Observation => _policy.Observation;

    public ActionSpec Action => _policy.Action;

    /// <summary>The sensors in the policy's order.</summary>
    public IReadOnlyList<PolicySensor> Sensors => [.. _sensors.Select(s => s.Sensor)];

    /// <summary>Frames refused because their sequence was not newer than one already taken (late or out of order).</summary>
    public long LateFrames => _sensors.Sum(s => Interlocked.Read(ref s.Late));

    /// <summary>Queues a frame of sensor <paramref name="sensor"/>; false when it is late or out of order (dropped).</summary>
    public bool PushFrame(string sensor, TactileFrame frame)
    {
        if (!_byName.TryGetValue(sensor, out var state))
        {
            throw new ArgumentException($"sensor '{sensor}' is not observed by the policy (it observes {string.Join(", ", _byName.Keys)})", nameof(sensor));
        }
        lock (state.Pending)
        {
            if (frame.Sequence <= state.LastSequence)
            {
                Interlocked.Increment(ref state.Late);
                return false;
            }
            state.LastSequence = frame.Sequence;
            state.Pending.Enqueue(frame);
            // The stack keeps only its capacity of frames, so older queued ones would be overwritten unread.
            while (state.Pending.Count > state.Pipeline.Stack.Capacity)
            {
                state.Pending.Dequeue();
            }
        }
        return true;
    }

    /// <summary>
    /// Builds the observation at <paramref name="stamp"/> with end-effector <paramref name="position"/> and predicts a
    /// chunk, or says why not (a sensor has no frame yet, or none newer than the stale limit).
    /// </summary>
    public PolicyOutcome Step(Timestamp stamp, Vec3 position) => Step(stamp, position, null);

    /// <summary>
    /// As <see cref="Step(Timestamp, Vec3)"/>, reusing the tokens of an encoder pass another reader already ran (the
    /// tactile probes') where its rows hold exactly the frame pairs this runner's own pipelines hold: rows are matched
    /// to the policy's sensors by name, and the pass's encoder, input size and stride must be the ones the policy was
    /// trained with. Where the pairs differ (the other reader restarted a stream after a gap this runner bridged, or
    /// left a sensor out) the runner encodes its own pairs, so the step is the one it takes without the pass.
    /// </summary>
    public PolicyOutcome Step(Timestamp stamp, Vec3 position, EncoderPass? shared)
    {
        var clock = Stopwatch.StartNew();
        if (shared is not null)
        {
            RequireCompatible(shared);
        }
        foreach (var sensor in _sensors)
        {
            TactileFrame[] frames;
            lock (sensor.Pending)
            {
                frames = [.. sensor.Pending];
                sensor.Pending.Clear();
            }
            foreach (var frame in frames)
            {
                // A frame no lighting explains (LED off, another pad's image) is skipped; enough of them make the sensor stale.
                if (sensor.Pipeline.Push(frame))
                {
                    sensor.NewestStamp = frame.Stamp;
                }
                else
                {
                    sensor.Refused++;
                }
            }
        }
        foreach (var sensor in _sensors)
        {
            if (Stale(sensor, stamp) is { } reason)
            {
                // No pair may straddle the gap.
                sensor.Pipeline.Stack.Clear();
                sensor.NewestStamp = null;
                return reason;
            }
        }
        var pairs = new FramePair[_sensors.Length];
        for (var i = 0; i < _sensors.Length; i++)
        {
            var (newest, older) = _sensors[i].Pipeline.Stack.PairSequences();
            pairs[i] = new FramePair(newest, older);
        }
        using var mode = inference_mode();
        using var scope = NewDisposeScope();
        if (shared is not null && SharedRows(shared, pairs) is { } rows)
        {
            SharedSteps++;
            return Predict(stamp, position, shared.Tokens.index_select(0, tensor(rows, device: shared.Tokens.device)), pairs, clock, 0, 0);
        }
        for (var i = 0; i < _sensors.Length; i++)
        {
            _batch.Fill(i, _sensors[i].Pipeline.Stack);
        }
        var preprocessMs = clock.Elapsed.TotalMilliseconds;
        var tokens = _encoder.Encode(TactileEncoder.FromBuffer(_batch.Data, _batch.Shape));
        var encodeMs = clock.Elapsed.TotalMilliseconds - preprocessMs;
        return Predict(stamp, position, tokens, pairs, clock, preprocessMs, encodeMs);
    }

    /// <summary>Steps that reused a shared pass's tokens instead of encoding.</summary>
    public long SharedSteps { get; private set; }

    private void RequireCompatible(EncoderPass pass)
    {
        var spec = Observation;
        var mismatches = new List<string>();
        if (pass.EncoderIdentity != spec.EncoderIdentity)
        {
            mismatches.Add($"encoder: expected {spec.EncoderIdentity}, the shared pass used {pass.EncoderIdentity}");
        }
        if (pass.Size != new SparshInputSize(spec.ImageHeight, spec.ImageWidth))
        {
            mismatches.Add($"image size: expected {spec.ImageHeight}x{spec.ImageWidth}, the shared pass encoded {pass.Size.Height}x{pass.Size.Width}");
        }
        if (pass.Stride != spec.FrameStride)
        {
            mismatches.Add($"frame stride: expected {spec.FrameStride}, the shared pass paired frames {pass.Stride} apart");
        }
        if (mismatches.Count > 0)
        {
            throw new PolicySpecMismatchException("shared encoder pass", mismatches);
        }
    }

    /// <summary>The pass's row of each sensor when every one holds exactly that sensor's pair; else null.</summary>
    private long[]? SharedRows(EncoderPass pass, FramePair[] pairs)
    {
        var rows = new long[_sensors.Length];
        for (var i = 0; i < _sensors.Length; i++)
        {
            rows[i] = -1;
            for (var k = 0; k < pass.Rows.Count; k++)
            {
                var row = pass.Rows[k];
                if (row.Sensor == _sensors[i].Sensor.Name && row.Newest == pairs[i].Newest && row.Older == pairs[i].Older)
                {
                    rows[i] = k;
                }
            }
            if (rows[i] < 0)
            {
                return null;
            }
        }
        return rows;
    }

    /// <summary>Null when the sensor's newest frame is recent enough; else the reason to wait, with the history cleared.</summary>
    private PolicyOutcome? Stale(SensorState state, Timestamp stamp)
    {
        var sensor = state.Sensor;
        var refused = state.Refused == 0 ? "" : $" ({state.Refused} frames so far that no lighting of its background explains: LED off, or another pad's image)";
        if (state.NewestStamp is not { } last)
        {
            return PolicyOutcome.Wait($"sensor '{sensor.Name}': no frame yet{refused}");
        }
        var age = stamp.Since(last);
        var limit = TimeSpan.FromSeconds(_stalePeriods / sensor.Profile.NativeFps);
        if (age <= limit)
        {
            return null;
        }
        // No history may mix touch from before the gap.
        ClearHistory();
        return PolicyOutcome.Wait($"sensor '{sensor.Name}': no new frame for {age.TotalMilliseconds:F0} ms (limit {_stalePeriods} native periods, {limit.TotalMilliseconds:F0} ms){refused}");
    }

    /// <summary>Remembers this step's tokens (in the spec's sensor order) and predicts from the observation window; runs in the caller's dispose scope.</summary>
    private PolicyOutcome Predict(Timestamp stamp, Vec3 position, Tensor tokens, FramePair[] pairs, Stopwatch clock, double preprocessMs, double encodeMs)
    {
        RequireTokenShape(tokens);
        Remember(tokens.DetachFromDisposeScope(), position);
        var steps = ObservationWindow();
        var stacked = stack(steps.Select(s => s.Tokens), dim: 1);
        var perSensor = Enumerable.Range(0, _sensors.Length).Select(i => stacked[i].unsqueeze(0)).ToList();
        var state = tensor(steps.SelectMany(s => new[] { (float)s.Position.X, (float)s.Position.Y, (float)s.Position.Z }).ToArray(),
            [1, steps.Count, StateDim]);
        var chunk = _policy.Predict(perSensor, state, _generator);
        var actions = ToActions(chunk);
        var policyMs = clock.Elapsed.TotalMilliseconds - preprocessMs - encodeMs;
        return new PolicyOutcome(new PolicyStep(stamp, position, actions, pairs, new PolicyTiming(preprocessMs, encodeMs, policyMs)), null);
    }

    private void RequireTokenShape(Tensor tokens)
    {
        var spec = Observation;
        if (tokens.shape[1] != spec.Tokens || tokens.shape[2] != spec.EmbedDim)
        {
            throw new PolicySpecMismatchException($"encoder {_encoder.Info.FilePath}",
                [$"tokens: expected {spec.Tokens} x {spec.EmbedDim}, found {tokens.shape[1]} x {tokens.shape[2]} for {spec.ImageHeight}x{spec.ImageWidth} images"]);
        }
    }

    private void Remember(Tensor tokens, Vec3 position)
    {
        _history.Enqueue((tokens, position));
        while (_history.Count > Observation.ObservationSteps)
        {
            _history.Dequeue().Tokens.Dispose();
        }
    }

    /// <summary>The last n_obs steps oldest first, the oldest repeated while fewer exist (training clamps indices at 0).</summary>
    private List<(Tensor Tokens, Vec3 Position)> ObservationWindow()
    {
        var held = _history.ToList();
        return [.. Enumerable.Repeat(held[0], Observation.ObservationSteps - held.Count), .. held];
    }

    private float[][] ToActions(Tensor chunk)
    {
        var spec = Action;
        if (chunk.ndim != 3 || chunk.shape[0] != 1 || chunk.shape[1] != spec.Horizon || chunk.shape[2] != spec.Features.Count)
        {
            throw new InvalidOperationException(
                $"the policy returned a chunk shaped ({string.Join(", ", chunk.shape)}), expected (1, {spec.Horizon}, {spec.Features.Count})");
        }
        var values = chunk.to(float32).cpu().data<float>().ToArray();
        var width = spec.Features.Count;
        return [.. Enumerable.Range(0, spec.Horizon).Select(k => values.AsSpan(k * width, width).ToArray())];
    }

    private void ClearHistory()
    {
        while (_history.Count > 0)
        {
            _history.Dequeue().Tokens.Dispose();
        }
    }

    public void Dispose()
    {
        ClearHistory();
        _generator.Dispose();
    }

    private sealed class SensorState(PolicySensor sensor, SparshSensorPipeline pipeline)
    {
        public readonly Queue<TactileFrame> Pending = new();
        public long LastSequence = -1;
        public long Late;

        /// <summary>Frames the pipeline refused (touched by <see cref="Step"/> only).</summary>
        public long Refused;

        public PolicySensor Sensor { get; } = sensor;

        public SparshSensorPipeline Pipeline { get; } = pipeline;

        /// <summary>Stamp of the newest frame in the pipeline (touched by <see cref="Step"/> only).</summary>
        public Timestamp? NewestStamp { get; set; }
    }
}
