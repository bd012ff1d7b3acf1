namespace SparshRobot.Sim.Metrics;

/// <summary>How one rollout went.</summary>
/// <param name="Completion">Fraction of the wire from the start position to the end stop that the bead traversed (furthest point reached).</param>
/// <param name="Success">The bead reached the end stop.</param>
/// <param name="Time">Simulated seconds until success, or the whole run.</param>
/// <param name="Slips">Onsets of slip of the bead in the grasp.</param>
/// <param name="Drops">Grasp losses not commanded by the operator (grip too low, slipped off the pad).</param>
/// <param name="Jams">Onsets of the bead staying still under a pull along the wire for at least 100 ms.</param>
/// <param name="Releases">Commanded openings of the hand (regrasps).</param>
/// <param name="MaxCrossForce">Largest load pressing the bead on the wire, N.</param>
/// <param name="MeanTrackingError">Mean distance of the fingertips' pinch point from the wire, metres.</param>
/// <param name="MaxTrackingError">Largest such distance, metres.</param>
/// <param name="SlipDistance">Total slip of the bead in the grasp, metres.</param>
public sealed record RolloutMetrics(
    double Completion,
    bool Success,
    double Time,
    int Slips,
    int Drops,
    int Jams,
    int Releases,
    double MaxCrossForce,
    double MeanTrackingError,
    double MaxTrackingError,
    double SlipDistance);
