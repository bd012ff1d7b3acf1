using SparshRobot.Core.Geometry;
using SparshRobot.Core.Time;

namespace SparshRobot.Policy.Runtime;

/// <summary>The two frames (by native-rate sequence number) one sensor's tactile stack was built from, newest first.</summary>
public readonly record struct FramePair(long Newest, long Older);

/// <summary>Where the time of one policy step went, milliseconds.</summary>
public sealed record PolicyTiming(double PreprocessMs, double EncodeMs, double PolicyMs)
{
    public double TotalMs => PreprocessMs + EncodeMs + PolicyMs;
}

/// <summary>One policy decision: the chunk predicted from the observation at <see cref="Stamp"/>.</summary>
/// <param name="Stamp">The observation's time (the end-effector pose it was built from).</param>
/// <param name="Position">End-effector position of that observation, metres.</param>
/// <param name="Actions">(horizon, action dim) in physical units; element 0 is taken at this observation.</param>
/// <param name="Pairs">Per sensor, in the spec's order, the frames its stack paired.</param>
public sealed record PolicyStep(Timestamp Stamp, Vec3 Position, float[][] Actions, IReadOnlyList<FramePair> Pairs, PolicyTiming Timing);

/// <summary>A policy step, or why none was taken (a sensor without fresh frames): the caller holds rather than act on stale touch.</summary>
public sealed record PolicyOutcome(PolicyStep? Step, string? NotReady)
{
    public static PolicyOutcome Wait(string reason) => new(null, reason);
}
