using SparshRobot.Core.Sensing;
using SparshRobot.Tactile.Calibration;
using SparshRobot.Tactile.Profiles;

namespace SparshRobot.Tactile.Preprocessing;

/// <summary>
/// One sensor's path from frames to encoder input: the profile decides whether its background is subtracted,
/// each frame is preprocessed once into the ring buffer, and <see cref="WriteInput"/> yields <c>[I_t, I_(t-stride)]</c>.
/// With illumination compensation (off by default: Sparsh does not do it) each frame's fitted lighting is undone
/// before the background is subtracted, so a drifting lamp does not read as touch everywhere.
/// </summary>
public sealed class SparshSensorPipeline
{
    private readonly SparshPreprocessor _preprocessor;
    private readonly IlluminationFit? _illumination;
    private readonly bool _defer;

    /// <param name="compensateIllumination">Undo each frame's fitted illumination first (needs a background-subtracted profile).</param>
    /// <param name="clips">Keep enough frames for V-JEPA clips as well (<see cref="TemporalFrameStack.WriteClip"/>).</param>
    /// <param name="deferPreprocessing">
    /// Preprocess a frame only when an input first reads it (for a reader that often takes its tokens from another
    /// reader's pass). A frame whose illumination is undone is still preprocessed at once: the undone copy is reused.
    /// </param>
    public SparshSensorPipeline(SensorProfile profile, BackgroundImage? background, SparshInputSize size, int stride = 5, bool compensateIllumination = false,
        bool clips = false, bool deferPreprocessing = false)
    {
        Profile = profile;
        if (profile.SubtractBackground)
        {
            Background = background ?? throw new ArgumentException($"profile '{profile.Name}' is background-subtracted in Sparsh; a background is required", nameof(background));
            var (w, h) = profile.SensorFrameSize;
            background.EnsureMatches(profile, w, h, $"sensor profile '{profile.Name}'");
            _illumination = compensateIllumination ? new IlluminationFit(background) : null;
        }
        else if (compensateIllumination)
        {
            throw new ArgumentException($"profile '{profile.Name}' is fed raw in Sparsh; illumination is compensated against a background", nameof(compensateIllumination));
        }
        _preprocessor = new SparshPreprocessor(size);
        Stack = new TemporalFrameStack(size, stride, clips, deferPreprocessing ? (frame, slot) => _preprocessor.Process(frame, Background, slot) : null);
        _defer = deferPreprocessing;
    }

    public SensorProfile Profile { get; }

    public BackgroundImage? Background { get; }

    public TemporalFrameStack Stack { get; }

    /// <summary>The last frame pushed, as it was preprocessed (its illumination undone when compensating).</summary>
    public TactileFrame? LastFrame { get; private set; }

    /// <summary>
    /// Preprocesses <paramref name="frame"/> into the stack; false, and nothing pushed, when illumination compensation
    /// finds the frame is not of this pad (no gain or offset within bounds explains it by the background).
    /// </summary>
    public bool Push(TactileFrame frame)
    {
        var undone = frame;
        if (_illumination is { } lighting)
        {
            Background!.EnsureFits(frame);
            if (!lighting.Fit(frame))
            {
                return false;
            }
            undone = lighting.Undo(frame);
        }
        if (_defer && ReferenceEquals(undone, frame))
        {
            // Refused now, as an eager push would, not when an input first reads it.
            SparshPreprocessor.EnsureSupported(frame, Background);
            Stack.CommitDeferred(frame);
        }
        else
        {
            _preprocessor.Process(undone, Background, Stack.NextSlot);
            Stack.Commit(undone.Sequence);
        }
        LastFrame = undone;
        return true;
    }

    public void WriteInput(Span<float> output) => Stack.WriteInput(output);
}
