using SparshRobot.Core.Sensing;
using SparshRobot.Core.Time;

namespace SparshRobot.Control.Estimation;

/// <summary>Why a fingertip's estimate can or cannot be trusted now.</summary>
public enum FrameHealth
{
    /// <summary>Estimated from a fresh, plausible frame.</summary>
    Ok,

    /// <summary>No frame has arrived yet.</summary>
    NoFrame,

    /// <summary>Frames stopped arriving or sequence numbers jumped: the newest estimate is older than allowed.</summary>
    Stale,

    /// <summary>The sensor keeps delivering the same image under new stamps.</summary>
    Frozen,

    /// <summary>The image cannot be a DIGIT frame of this pad (brightness far off its background, wrong size).</summary>
    Implausible,
}

/// <summary>
/// One fingertip's tactile state, in the pad frame (x along image columns, y along image rows, millimetres from the
/// pad centre; forces in newtons). What the control laws read; never simulator truth.
/// </summary>
/// <param name="Stamp">Stamp of the frame it was estimated from.</param>
/// <param name="Contact">Something presses on the pad.</param>
/// <param name="AreaMm2">Contact area.</param>
/// <param name="OffsetXMm">Contact centre across the pad (image columns).</param>
/// <param name="OffsetYMm">Contact centre along the pad (image rows).</param>
/// <param name="AngleRad">Direction of the wire on the pad from pad +x, in (-pi/2, pi/2] (a line has no sign).</param>
/// <param name="NormalForce">Force pressing into the gel.</param>
/// <param name="ShearXN">Tangential load along pad x.</param>
/// <param name="ShearYN">Tangential load along pad y.</param>
/// <param name="SlipProbability">Probability that the object slides over the pad in the last 80 ms.</param>
/// <param name="SlipSeverity">How fast it slides, mm/s (0 when still).</param>
/// <param name="Confidence">How much the laws may trust it, in [0, 1] (0 when <see cref="Health"/> is not Ok).</param>
/// <param name="Health">Whether the frame behind it was fresh and plausible.</param>
public readonly record struct FingerEstimate(
    Timestamp Stamp,
    bool Contact,
    double AreaMm2,
    double OffsetXMm,
    double OffsetYMm,
    double AngleRad,
    double NormalForce,
    double ShearXN,
    double ShearYN,
    double SlipProbability,
    double SlipSeverity,
    double Confidence,
    FrameHealth Health)
{
    /// <summary>Nothing known yet.</summary>
    public static FingerEstimate None => new(default, false, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, FrameHealth.NoFrame);

    public bool Usable => Health == FrameHealth.Ok && Confidence > 0;

    /// <summary>Seconds since the frame behind it was taken.</summary>
    public double AgeAt(Timestamp now) => Health == FrameHealth.NoFrame ? double.PositiveInfinity : (now.TotalNanoseconds - Stamp.TotalNanoseconds) / 1e9;
}

/// <summary>Both fingertips at one control tick.</summary>
public readonly record struct TactileState(FingerEstimate Thumb, FingerEstimate Index)
{
    public static TactileState None => new(FingerEstimate.None, FingerEstimate.None);

    /// <summary>At least one usable pad feels contact.</summary>
    public bool AnyContact => (Thumb.Usable && Thumb.Contact) || (Index.Usable && Index.Contact);

    /// <summary>Both pads are usable and neither feels contact: the bead is not in the hand.</summary>
    public bool BothLost => Thumb.Usable && Index.Usable && !Thumb.Contact && !Index.Contact;

    /// <summary>Neither pad can be trusted now.</summary>
    public bool Blind => !Thumb.Usable && !Index.Usable;
}

/// <summary>
/// Turns a fingertip's images into estimates. One instance per set of fingertips; frames come from any thread's
/// queue but <see cref="Update"/> is called from the control thread only.
/// </summary>
public interface ITactileEstimator : IDisposable
{
    /// <summary>"classic" or "probe".</summary>
    string Name { get; }

    /// <summary>
    /// Feeds the frames that arrived since the last call (either finger, oldest first; may be empty) and returns
    /// both fingertips' state at <paramref name="now"/>, stale where frames stopped coming.
    /// </summary>
    TactileState Update(Timestamp now, IReadOnlyList<TactileFrame> frames);
}
