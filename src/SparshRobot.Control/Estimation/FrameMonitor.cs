using SparshRobot.Core.Sensing;
using SparshRobot.Core.Time;

namespace SparshRobot.Control.Estimation;

/// <summary>Limits that decide when a fingertip's stream can no longer be trusted.</summary>
/// <param name="StaleAfter">The newest frame older than this (seconds) marks the finger stale (6 frames at 60 fps).</param>
/// <param name="FrozenAfter">This many byte-identical frames in a row mark the sensor frozen (a live gel always has camera noise).</param>
public sealed record FrameMonitorOptions(double StaleAfter = 0.1, int FrozenAfter = 2)
{
    public static FrameMonitorOptions Default { get; } = new();
}

/// <summary>
/// Watches one fingertip's frames for the symptoms every estimator must honour: frames that stop coming (stale),
/// an image repeated under new stamps (frozen), a frame of the wrong size or encoding (implausible), and gaps in
/// the sequence numbers (dropped frames, counted). Keeps one copy of the previous frame; allocates nothing per frame.
/// </summary>
public sealed class FrameMonitor(int width, int height, FrameMonitorOptions? options = null)
{
    private readonly byte[] _previous = new byte[width * height * 3];
    private bool _hasPrevious;
    private long _lastSequence = -1;
    private int _repeats;

    public FrameMonitorOptions Options { get; } = options ?? FrameMonitorOptions.Default;

    public int Width { get; } = width;

    public int Height { get; } = height;

    /// <summary>Frames missing between the sequence numbers seen.</summary>
    public long Dropped { get; private set; }

    /// <summary>Frames seen that were identical to the one before.</summary>
    public long Repeated { get; private set; }

    /// <summary>Frames refused as not a frame of this sensor.</summary>
    public long Implausible { get; private set; }

    /// <summary>Checks a frame and says what it is worth; <see cref="FrameHealth.Ok"/> frames may be estimated from.</summary>
    public FrameHealth Check(TactileFrame frame)
    {
        if (frame.Width != Width || frame.Height != Height || frame.Encoding != PixelEncoding.Rgb8 || frame.Pixels.Length != _previous.Length)
        {
            Implausible++;
            return FrameHealth.Implausible;
        }
        if (_lastSequence >= 0 && frame.Sequence > _lastSequence + 1)
        {
            Dropped += frame.Sequence - _lastSequence - 1;
        }
        _lastSequence = Math.Max(_lastSequence, frame.Sequence);
        var pixels = frame.Pixels.Span;
        if (_hasPrevious && pixels.SequenceEqual(_previous))
        {
            Repeated++;
            _repeats++;
        }
        else
        {
            _repeats = 0;
            pixels.CopyTo(_previous);
            _hasPrevious = true;
        }
        return _repeats >= Options.FrozenAfter - 1 && _repeats > 0 ? FrameHealth.Frozen : FrameHealth.Ok;
    }

    /// <summary>The health of an estimate taken at <paramref name="stamp"/> as seen at <paramref name="now"/>.</summary>
    public FrameHealth Age(FrameHealth health, Timestamp stamp, Timestamp now) =>
        health == FrameHealth.Ok && (now.TotalNanoseconds - stamp.TotalNanoseconds) / 1e9 > Options.StaleAfter ? FrameHealth.Stale : health;

    public void Reset()
    {
        _hasPrevious = false;
        _lastSequence = -1;
        _repeats = 0;
    }
}
