using SparshRobot.Core.Sensing;
using SparshRobot.Core.Time;
using SparshRobot.Tactile.Simulation;

namespace SparshRobot.Tactile.Capture;

/// <summary>
/// Frames from a <see cref="DigitSimulator"/> driven by a contact script (frame index to contact), advancing a
/// simulated clock by one native frame period per frame when one is given.
/// </summary>
public sealed class SimulatedGrabber(DigitSimulator simulator, Func<long, ContactState> contactAt, double fps, SimulatedClock? clock = null, long? frameCount = null)
    : IFrameGrabber
{
    private long _index;

    public string Description => $"simulated {simulator.Width}x{simulator.Height} sensor (seed {simulator.Options.Seed})";

    public bool IsOpen { get; private set; }

    public bool IsLive => false;

    public void Open() => IsOpen = true;

    public GrabStatus TryGrab(out RawImage? image, out string? error)
    {
        error = null;
        image = null;
        if (frameCount is { } n && _index >= n)
        {
            return GrabStatus.EndOfStream;
        }
        var pixels = new byte[simulator.FrameLength];
        simulator.Render(contactAt(_index), pixels, _index);
        _index++;
        clock?.Advance(TimeSpan.FromSeconds(1 / fps));
        image = new RawImage(simulator.Width, simulator.Height, PixelEncoding.Rgb8, pixels);
        return GrabStatus.Frame;
    }

    public void Close() => IsOpen = false;

    public void Dispose() => Close();
}
