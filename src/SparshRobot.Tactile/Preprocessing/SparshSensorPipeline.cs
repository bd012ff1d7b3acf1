using SparshRobot.Core.Sensing;
using SparshRobot.Tactile.Calibration;
using SparshRobot.Tactile.Profiles;

namespace SparshRobot.Tactile.Preprocessing;

/// <summary>
/// One sensor's path from frames to encoder input: the profile decides whether its background is subtracted,
/// each frame is preprocessed once into the ring buffer, and <see cref="WriteInput"/> yields <c>[I_t, I_(t-stride)]</c>.
/// </summary>
public sealed class SparshSensorPipeline
{
    private readonly SparshPreprocessor _preprocessor;

    public SparshSensorPipeline(SensorProfile profile, BackgroundImage? background, SparshInputSize size, int stride = 5)
    {
        Profile = profile;
        if (profile.SubtractBackground)
        {
            Background = background ?? throw new ArgumentException($"profile '{profile.Name}' is background-subtracted in Sparsh; a background is required", nameof(background));
            var (w, h) = profile.SensorFrameSize;
            background.EnsureMatches(profile, w, h, $"sensor profile '{profile.Name}'");
        }
        _preprocessor = new SparshPreprocessor(size);
        Stack = new TemporalFrameStack(size, stride);
    }

    public SensorProfile Profile { get; }

    public BackgroundImage? Background { get; }

    public TemporalFrameStack Stack { get; }

    public void Push(TactileFrame frame)
    {
        _preprocessor.Process(frame, Background, Stack.NextSlot);
        Stack.Commit(frame.Sequence);
    }

    public void WriteInput(Span<float> output) => Stack.WriteInput(output);
}
