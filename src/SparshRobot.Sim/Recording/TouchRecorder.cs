using SparshRobot.Core.Numerics;
using SparshRobot.Core.Sensing;
using SparshRobot.Sim.Faults;
using SparshRobot.Sim.Hand;
using SparshRobot.Sim.Mazes;
using SparshRobot.Sim.Rollouts;
using SparshRobot.Sim.Simulation;
using SparshRobot.Sim.Teleop;
using SparshRobot.Tactile.Calibration;
using SparshRobot.Tactile.Preprocessing;
using SparshRobot.Tactile.Profiles;

namespace SparshRobot.Sim.Recording;

/// <summary>How labelled touch is sampled from a rollout.</summary>
/// <param name="Every">
/// Keep one tactile tick in this many (12 at 60 Hz: 5 Hz, the policy dataset's rate; neighbours are nearly
/// identical), plus every tick labelled slipping: slips last a few ticks and would otherwise hardly be sampled.
/// </param>
/// <param name="Stride">Native frames between the pair's two images (Sparsh: 5, 83 ms at 60 Hz): also the window of the slip and Δforce labels.</param>
/// <param name="SlipThresholdMm">Slip of the bead in the grasp over the window above which the frame is labelled slipping.</param>
/// <param name="TestEvery">Every this many episodes goes to the <c>test</c> split (the one <c>probe train</c> validates on).</param>
/// <param name="TimeLimit">Simulated seconds per episode; null = the rollout's own limit.</param>
/// <param name="Vary">
/// Draw each episode's pinch force (1-5 N) and speed, and most episodes a pad-friction drop: the default operator
/// always pinches 2.5 N and rarely slips, which leaves the force and slip labels nearly constant.
/// </param>
/// <param name="GraspHorizon">Simulated seconds the bead must stay in the hand after a frame for its grasp-stability label (TacBench T4) to be 1.</param>
/// <param name="Clips">Also write each kept moment's V-JEPA clip (<c>clips.npy</c>), which video encoders read instead of the pair.</param>
public sealed record TouchRecordingOptions(int Every = 12, int Stride = 5, double SlipThresholdMm = 0.05, int TestEvery = 5, double? TimeLimit = null, bool Vary = true,
    double GraspHorizon = 1.0, bool Clips = false)
{
    /// <summary>Encoder input size; the bead-maze encoder and policy use 224x224.</summary>
    public SparshInputSize Size { get; init; } = SparshInputSize.ForceField;
}

/// <summary>One recorded episode: where it went and how many labelled frames each finger got.</summary>
public sealed record TouchEpisode(string Folder, string Split, RolloutResult Rollout, int FramesPerFinger);

/// <summary>
/// Records labelled simulated touch for the tactile probes in the <c>TactileDataset</c> layout:
/// <c>&lt;root&gt;/&lt;train|test&gt;/&lt;episode&gt;/&lt;thumb|index&gt;/</c> with the preprocessed pair
/// (<c>inputs.npy</c>, uint8 (T, 6, H, W)) and labels from simulator truth at the pair's newest frame:
/// <c>force.npy</c> (shear x, shear y, normal; N, pad frame), <c>slip.npy</c> and <c>delta_force.npy</c> over the pair's
/// window, <c>pose_bins.npy</c> (absolute contact x, y, wire angle as <see cref="ContactPoseBins"/>), and
/// <c>contact.npy</c> (x mm, y mm, angle rad, in contact 0/1) so other binnings can be derived later,
/// <c>slip_ticks.npy</c> (every tick with a frame, and those slipping): the natural slip rate, which the kept frames,
/// rich in slips by design, no longer show, <c>grasp_stable.npy</c> (T4: 1 when the bead stays in the hand over the
/// next <see cref="TouchRecordingOptions.GraspHorizon"/>) and <c>sequence.npy</c> (the tick of the pair's newest frame,
/// which pairs the two fingers' frames of one moment); with <see cref="TouchRecordingOptions.Clips"/> also
/// <c>clips.npy</c>, uint8 (T, 3, 4, H, W): the same moments as <see cref="SparshClip"/>s.
/// </summary>
public static class TouchRecorder
{
    public static IReadOnlyList<TouchEpisode> Record(string root, int episodes, int seed, MazeDifficulty difficulty, ITactileFrameRenderer renderer,
        TouchRecordingOptions? options = null, IReadOnlyList<FaultSpec>? faults = null, IProgress<TouchEpisode>? progress = null)
    {
        options ??= new TouchRecordingOptions();
        ArgumentOutOfRangeException.ThrowIfLessThan(episodes, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Every, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.TestEvery, 2);
        if (MazeGenerator.FamilyOfSeed(seed) != MazeFamily.Training || MazeGenerator.FamilyOfSeed(seed + episodes - 1) != MazeFamily.Training)
        {
            throw new ArgumentOutOfRangeException(nameof(seed), seed,
                $"labelled touch comes from training mazes only: seeds {seed}..{seed + episodes - 1} must lie in [{MazeGenerator.TrainingSeeds.From}, {MazeGenerator.TrainingSeeds.To}]");
        }
        var recorded = new List<TouchEpisode>(episodes);
        for (var i = 0; i < episodes; i++)
        {
            var maze = MazeGenerator.Generate(seed + i, difficulty);
            var split = i % options.TestEvery == options.TestEvery - 1 ? "test" : "train";
            var folder = Path.Combine(root, split, $"{maze.Name}-{seed + i}");
            var (profile, varied) = options.Vary ? Variation(seed + i) : (TeleopProfile.Default, []);
            var sim = new BeadMazeSim(maze, faults: new FaultPlan([.. faults ?? [], .. varied], seed + i));
            var fingers = new[] { new FingerRecording(Finger.Thumb, renderer, options), new FingerRecording(Finger.Index, renderer, options) };
            var teleop = new ScriptedTeleoperator(profile, sim.Options.Hand, seed + i, sim.Scene);
            var tick = 0L;
            var held = new List<(double Time, bool Held)>();
            var rollout = RolloutRunner.Run(sim, teleop, new RolloutOptions(options.TimeLimit, renderer, TraceInterval: 0,
                OnTactile: (touch, truth, frames) =>
                {
                    var keep = tick++ % options.Every == 0;
                    held.Add((truth.Stamp.TotalSeconds, truth.Bead.Grasped));
                    foreach (var finger in fingers)
                    {
                        finger.Add(touch, truth, frames, keep);
                    }
                }));
            foreach (var finger in fingers)
            {
                finger.Write(Path.Combine(folder, finger.Name), held);
            }
            var episode = new TouchEpisode(folder, split, rollout, fingers[0].Count);
            recorded.Add(episode);
            progress?.Report(episode);
        }
        return recorded;
    }

    /// <summary>The operator and faults a varied episode of maze seed <paramref name="seed"/> gets (see <see cref="TouchRecordingOptions.Vary"/>).</summary>
    public static (TeleopProfile Profile, FaultSpec[] Faults) Variation(int seed)
    {
        var random = new Random(seed);
        var profile = TeleopProfile.Default with { Grip = 1 + 4 * random.NextDouble(), Speed = 0.025 + 0.03 * random.NextDouble() };
        FaultSpec[] faults = random.NextDouble() < 0.7
            ? [new FaultSpec(FaultKind.FrictionDrop, 0.6 + 0.35 * random.NextDouble(), 1 + 8 * random.NextDouble(), 0.5 + 2 * random.NextDouble())]
            : [];
        return (profile, faults);
    }

    /// <summary>
    /// T4's label for a frame at <paramref name="time"/>: 1 when the bead is in the hand at every tick of the next
    /// <paramref name="horizon"/> seconds of <paramref name="held"/> (time order). A second cut short by the episode's
    /// end counts what was recorded; a frame at the last tick has only its own state (a bead that reached the end stop
    /// in the hand stayed, one lying on the wire did not).
    /// </summary>
    public static bool StaysInHand(IReadOnlyList<(double Time, bool Held)> held, double time, double horizon)
    {
        var now = true;
        var later = false;
        for (var i = 0; i < held.Count && held[i].Time <= time + horizon; i++)
        {
            if (held[i].Time <= time)
            {
                now = held[i].Held;
            }
            else if (!held[i].Held)
            {
                return false;
            }
            else
            {
                later = true;
            }
        }
        return later || now;
    }

    /// <summary>One finger's pipeline, its truth history by sequence, and the labelled frames kept so far.</summary>
    private sealed class FingerRecording
    {
        private readonly Finger _finger;
        private readonly TouchRecordingOptions _options;
        private readonly SparshSensorPipeline _pipeline;
        private readonly Dictionary<long, (ContactState Contact, double SlipDistance, double Time)> _truth = [];
        private readonly float[] _input;
        private readonly float[]? _clip;
        private readonly List<byte[]> _inputs = [];
        private readonly List<byte[]> _clips = [];
        private readonly List<float> _force = [];
        private readonly List<float> _delta = [];
        private readonly List<long> _slip = [];
        private readonly List<long> _bins = [];
        private readonly List<float> _contact = [];
        private readonly List<long> _sequence = [];
        private readonly List<double> _time = [];
        private long _ticks;
        private long _slippingTicks;

        public FingerRecording(Finger finger, ITactileFrameRenderer renderer, TouchRecordingOptions options)
        {
            _finger = finger;
            _options = options;
            var stream = new TactileStream(finger, renderer);
            // The pair is background-subtracted against the sensor's own no-contact image, as the policy dataset is.
            var background = stream.Background(default);
            var profile = SensorProfile.Digit;
            _pipeline = new SparshSensorPipeline(profile, new BackgroundImage(profile.Name, background.Width, background.Height, background.Pixels.ToArray()),
                options.Size, options.Stride, clips: options.Clips);
            SensorId = stream.SensorId;
            _input = new float[_pipeline.Stack.InputLength];
            _clip = options.Clips ? new float[SparshClip.Length(options.Size)] : null;
        }

        public string SensorId { get; }

        public string Name => _finger == Finger.Thumb ? "thumb" : "index";

        public int Count => _inputs.Count;

        public void Add(TactileTick tick, GroundTruth truth, IReadOnlyList<TactileFrame> frames, bool keep)
        {
            var touch = _finger == Finger.Thumb ? tick.Thumb : tick.Index;
            _truth[tick.Sequence] = (touch.Contact, truth.Bead.SlipDistance, truth.Stamp.TotalSeconds);
            // A dropped frame can push the pair's older image a few ticks further back than the stride.
            _truth.Remove(tick.Sequence - 4 * _options.Stride);
            if (frames.FirstOrDefault(f => f.SensorId == SensorId) is not { } frame)
            {
                return;
            }
            _pipeline.Push(frame);
            var (newest, older) = _pipeline.Stack.PairSequences();
            var now = _truth[newest];
            var before = _truth.TryGetValue(older, out var then) ? then : now;
            var slipping = (now.SlipDistance - before.SlipDistance) * 1000 > _options.SlipThresholdMm;
            _ticks++;
            _slippingTicks += slipping ? 1 : 0;
            if (!keep && !slipping)
            {
                return;
            }
            _pipeline.WriteInput(_input);
            _inputs.Add(Bytes(_input));
            if (_clip is not null)
            {
                _pipeline.Stack.WriteClip(_clip);
                _clips.Add(Bytes(_clip));
            }
            var force = Force(now.Contact);
            var previous = Force(before.Contact);
            _force.AddRange(force);
            _delta.AddRange(force.Select((f, k) => f - previous[k]));
            _slip.Add(slipping ? 1 : 0);
            _sequence.Add(newest);
            _time.Add(now.Time);
            var (x, y, angle) = ContactPoseBins.Of(now.Contact);
            _bins.AddRange([x, y, angle]);
            _contact.AddRange(now.Contact.InContact
                ? [(float)now.Contact.Center.X, (float)now.Contact.Center.Y, (float)ContactPoseBins.WrapHalfTurn(Math.Atan2(now.Contact.Axis.Y, now.Contact.Axis.X)), 1f]
                : [0f, 0f, 0f, 0f]);
        }

        public void Write(string folder, IReadOnlyList<(double Time, bool Held)> held)
        {
            if (Count == 0)
            {
                return;
            }
            Directory.CreateDirectory(folder);
            var size = _options.Size;
            Npy.Write(Path.Combine(folder, "inputs.npy"), new NpyArray(NpyDType.UInt8, [Count, SparshInputBatch.Channels, size.Height, size.Width], Concatenated(_inputs)));
            if (_clip is not null)
            {
                Npy.Write(Path.Combine(folder, "clips.npy"), new NpyArray(NpyDType.UInt8, [Count, 3, SparshClip.Offsets.Count, size.Height, size.Width], Concatenated(_clips)));
            }
            Npy.Write(Path.Combine(folder, "force.npy"), NpyArray.FromFloat32([.. _force], Count, 3));
            Npy.Write(Path.Combine(folder, "delta_force.npy"), NpyArray.FromFloat32([.. _delta], Count, 3));
            Npy.Write(Path.Combine(folder, "slip.npy"), NpyArray.FromInt64([.. _slip], Count));
            Npy.Write(Path.Combine(folder, "pose_bins.npy"), NpyArray.FromInt64([.. _bins], Count, 3));
            Npy.Write(Path.Combine(folder, "contact.npy"), NpyArray.FromFloat32([.. _contact], Count, 4));
            Npy.Write(Path.Combine(folder, "slip_ticks.npy"), NpyArray.FromInt64([_ticks, _slippingTicks], 2));
            var stable = _time.Select(t => StaysInHand(held, t, _options.GraspHorizon) ? 1L : 0L).ToArray();
            Npy.Write(Path.Combine(folder, "grasp_stable.npy"), NpyArray.FromInt64(stable, Count));
            Npy.Write(Path.Combine(folder, "sequence.npy"), NpyArray.FromInt64([.. _sequence], Count));
        }

        private static byte[] Bytes(float[] input)
        {
            var bytes = new byte[input.Length];
            SparshPreprocessor.Quantize(input, bytes);
            return bytes;
        }

        private static byte[] Concatenated(List<byte[]> samples)
        {
            var all = new byte[samples.Sum(b => (long)b.Length)];
            for (var k = 0; k < samples.Count; k++)
            {
                samples[k].CopyTo(all, (long)k * samples[k].Length);
            }
            return all;
        }

        private static float[] Force(ContactState contact) => contact.InContact
            ? [(float)contact.Shear.X, (float)contact.Shear.Y, (float)contact.NormalForce]
            : [0f, 0f, 0f];
    }
}
