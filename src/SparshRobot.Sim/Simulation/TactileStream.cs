using SparshRobot.Sim.Hand;

namespace SparshRobot.Sim.Simulation;

/// <summary>
/// One fingertip's image stream: renders each tactile tick, honouring the fault flags so that every consumer
/// sees the same symptom: a dropped frame is not delivered (a gap in the sequence numbers), a frozen sensor
/// re-delivers its last image under the new stamp and sequence.
/// </summary>
public sealed class TactileStream(Finger finger, ITactileFrameRenderer renderer)
{
    private Core.Sensing.TactileFrame? _last;

    public Finger Finger { get; } = finger;

    public string SensorId { get; } = finger == Finger.Thumb ? "digit_thumb" : "digit_index";

    /// <summary>The fingertip's image with nothing touching it, drawn by the renderer that draws the episode.</summary>
    public Core.Sensing.TactileFrame Background(Core.Time.Timestamp stamp) =>
        renderer.Render(new TactileRenderRequest(SensorId, Finger, stamp, 0, Core.Sensing.ContactState.NoContact, Faults.TactileImageConditions.Nominal));

    public Core.Sensing.TactileFrame? Next(TactileTick tick)
    {
        var touch = Finger == Finger.Thumb ? tick.Thumb : tick.Index;
        if (touch.Flags.Dropped)
        {
            return null;
        }
        if (touch.Flags.Frozen && _last is { } last)
        {
            _last = new Core.Sensing.TactileFrame(SensorId, tick.Stamp, tick.Sequence, last.Width, last.Height, last.Encoding, last.Pixels);
            return _last;
        }
        _last = renderer.Render(new TactileRenderRequest(SensorId, Finger, tick.Stamp, tick.Sequence, touch.Contact, touch.Conditions));
        return _last;
    }
}
