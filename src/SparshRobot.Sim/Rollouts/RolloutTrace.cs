using SparshRobot.Core.Geometry;

namespace SparshRobot.Sim.Rollouts;

/// <summary>Down-sampled time series of a rollout, for plots.</summary>
public sealed class RolloutTrace
{
    public List<double> Time { get; } = [];

    public List<Vec3> Bead { get; } = [];

    public List<Vec3> Hand { get; } = [];

    public List<double> TangentialForce { get; } = [];

    public List<double> CrossForce { get; } = [];

    public List<double> FrictionLimit { get; } = [];

    public List<double> PadShear { get; } = [];

    public List<double> Grip { get; } = [];

    public List<double> GripTarget { get; } = [];
}
