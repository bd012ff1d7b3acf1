using SparshRobot.Core.Sensing;
using SparshRobot.Core.Time;
using SparshRobot.Sim.Faults;
using SparshRobot.Sim.Hand;

namespace SparshRobot.Sim.Simulation;

/// <summary>Everything needed to draw one fingertip image.</summary>
/// <param name="SensorId">"digit_thumb" or "digit_index".</param>
public sealed record TactileRenderRequest(string SensorId, Finger Finger, Timestamp Stamp, long Sequence, ContactState Contact, TactileImageConditions Conditions);

/// <summary>
/// Turns a contact state into a DIGIT image (320x240, H x W, RGB8). The tactile layer's simulated sensor
/// implements this; <see cref="TactileStream"/> decides when it is called (dropout and frozen faults).
/// </summary>
public interface ITactileFrameRenderer
{
    TactileFrame Render(TactileRenderRequest request);
}
