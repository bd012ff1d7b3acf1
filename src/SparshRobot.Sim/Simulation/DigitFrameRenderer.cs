using SparshRobot.Core.Numerics;
using SparshRobot.Core.Sensing;
using SparshRobot.Sim.Faults;
using SparshRobot.Sim.Hand;
using SparshRobot.Tactile.Calibration;
using SparshRobot.Tactile.Profiles;
using SparshRobot.Tactile.Simulation;

namespace SparshRobot.Sim.Simulation;

/// <summary>
/// Renders both fingertips with the tactile layer's DIGIT simulator (one instance per finger, so each has its own
/// noise stream), then applies the image faults: lighting gain and offset, and seeded Gaussian noise.
/// </summary>
public sealed class DigitFrameRenderer : ITactileFrameRenderer
{
    private readonly DigitSimulator _thumb;
    private readonly DigitSimulator _index;

    public DigitFrameRenderer(BackgroundImage background, int seed)
    {
        _thumb = new DigitSimulator(background, DigitSimulator.OptionsFor(SensorProfile.Digit, seed));
        _index = new DigitSimulator(background, DigitSimulator.OptionsFor(SensorProfile.Digit, seed + 1));
    }

    public TactileFrame Render(TactileRenderRequest request)
    {
        var simulator = request.Finger == Finger.Thumb ? _thumb : _index;
        // A fresh buffer per frame: frames outlive this call (queues, bags).
        var pixels = new byte[simulator.FrameLength];
        simulator.Render(request.Contact, pixels, request.Sequence);
        ApplyConditions(pixels, request.Conditions);
        return new TactileFrame(request.SensorId, request.Stamp, request.Sequence, simulator.Width, simulator.Height, PixelEncoding.Rgb8, pixels);
    }

    private static void ApplyConditions(Span<byte> pixels, TactileImageConditions conditions)
    {
        if (conditions == TactileImageConditions.Nominal)
        {
            return;
        }
        var random = new Random(conditions.NoiseSeed);
        for (var i = 0; i < pixels.Length; i++)
        {
            var value = conditions.LightingGain * pixels[i] + conditions.LightingOffset;
            if (conditions.NoiseStd > 0)
            {
                // Two uniforms per pixel; only paid while a noise fault is active.
                value += random.NextGaussian(conditions.NoiseStd);
            }
            pixels[i] = (byte)Math.Clamp(Math.Round(value), 0, 255);
        }
    }
}
