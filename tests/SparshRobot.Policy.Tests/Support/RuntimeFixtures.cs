using System.Collections.Concurrent;
using SparshRobot.Core.Sensing;
using SparshRobot.Core.Time;
using SparshRobot.Encoder;
using SparshRobot.Encoder.Model;
using SparshRobot.Policy.Runtime;
using SparshRobot.Policy.Spec;
using SparshRobot.Tactile.Calibration;
using SparshRobot.Tactile.Profiles;
using SparshRobot.Testing;
using static TorchSharp.torch;

namespace SparshRobot.Policy.Tests.Support;

/// <summary>
/// Real parts for runtime tests: a random-weight Sparsh ViT at the policy's 224x224 input, the real DIGIT
/// background, and DIGIT-sized frames; the policies are stand-ins for the trained one (its contract only).
/// </summary>
internal static class RuntimeFixtures
{
    public const double NativeFps = 60;

    public static readonly string[] Sensors = ["thumb", "index"];

    private static readonly Lazy<BackgroundImage> _background = new(() => BackgroundStore.FromImageFile(TestPaths.DigitBackground, SensorProfile.Digit));

    public static BackgroundImage Background => _background.Value;

    /// <summary>A one-block ViT: every code path of the real encoder at a fraction of the cost.</summary>
    public static TactileEncoder TinyEncoder(int seed = 1, VitConfig? config = null)
    {
        manual_seed(seed);
        return TactileEncoder.Wrap(new SparshVit(config ?? new VitConfig { EmbedDim = 32, Depth = 1, NumHeads = 2, Height = 224, Width = 224 }), CPU);
    }

    public static ObservationSpec SpecFor(TactileEncoder encoder, double rateHz = 10, int observationSteps = 2)
    {
        using var scope = NewDisposeScope();
        var tokens = (int)encoder.Encode(zeros(1, 6, 224, 224)).shape[1];
        return new ObservationSpec(Sensors, 224, 224, 5, rateHz, ["x", "y", "z"], observationSteps, encoder.Identity, tokens, encoder.Config.EmbedDim);
    }

    public static ActionSpec Action { get; } = new(["dx", "dy", "dz"], 8, 5);

    public static IReadOnlyList<PolicySensor> PolicySensors => [.. Sensors.Select(s => new PolicySensor(s, SensorProfile.Digit, Background))];

    /// <summary>
    /// The background with the red of a patch (a tenth of the pad, as a touch) shifted by a sequence-dependent amount,
    /// so consecutive frames differ; the rest is the background, so no lighting change explains it.
    /// </summary>
    public static TactileFrame Frame(string sensor, long sequence, ClockKind clock = ClockKind.Simulated)
    {
        var bg = Background;
        var pixels = (byte[])bg.Rgb.Clone();
        var shift = (byte)(sequence * 7 % 40);
        for (var y = bg.Height * 3 / 8; y < bg.Height * 9 / 16; y++)
        {
            for (var x = bg.Width / 4; x < bg.Width * 3 / 4; x++)
            {
                var i = (y * bg.Width + x) * 3;
                pixels[i] = (byte)Math.Min(255, pixels[i] + shift);
            }
        }
        return new TactileFrame(sensor, StampOf(sequence, clock), sequence, bg.Width, bg.Height, PixelEncoding.Rgb8, pixels);
    }

    public static Timestamp StampOf(long sequence, ClockKind clock = ClockKind.Simulated) =>
        Timestamp.FromNanoseconds((long)Math.Round(sequence * 1e9 / NativeFps), clock);
}

/// <summary>
/// Returns the same delta for every step of the horizon (plus, when <paramref name="noise"/> is set, that much
/// Gaussian noise from the caller's generator, as a diffusion head samples) and records what it was given.
/// </summary>
internal sealed class FixedDeltaPolicy(ObservationSpec observation, ActionSpec action, float[] delta, TimeSpan delay = default, float noise = 0) : ITactilePolicy
{
    public ObservationSpec Observation { get; } = observation;

    public ActionSpec Action { get; } = action;

    /// <summary>Per call: each sensor's tokens (n_obs, N, D) and the state (n_obs, 3), copied out.</summary>
    public ConcurrentQueue<(float[][] Tokens, float[] State)> Calls { get; } = new();

    /// <summary>Wall-clock spans during which <see cref="Predict"/> ran.</summary>
    public ConcurrentQueue<(DateTime Start, DateTime End)> Busy { get; } = new();

    public Tensor Predict(IReadOnlyList<Tensor> tokens, Tensor state, Generator? generator = null)
    {
        var start = DateTime.UtcNow;
        Calls.Enqueue(([.. tokens.Select(t => t.data<float>().ToArray())], state.data<float>().ToArray()));
        if (delay > TimeSpan.Zero)
        {
            Thread.Sleep(delay);
        }
        var chunk = tensor(Enumerable.Range(0, Action.Horizon).SelectMany(_ => delta).ToArray(), [1, Action.Horizon, delta.Length]);
        if (noise > 0)
        {
            chunk.add_(randn(chunk.shape, generator: generator) * noise);
        }
        Busy.Enqueue((start, DateTime.UtcNow));
        return chunk;
    }

    public void Dispose()
    {
    }
}
