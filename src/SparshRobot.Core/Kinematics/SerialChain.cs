using SparshRobot.Core.Geometry;

namespace SparshRobot.Core.Kinematics;

/// <summary>
/// One revolute joint of a <see cref="SerialChain"/>, as a URDF writes it: the fixed transform from the previous joint's
/// frame (or the base) to this joint's frame at zero angle, the axis it turns about in its own frame, and its limits.
/// A modified-DH row (a, d, alpha, theta offset) is the origin RotX(alpha) TransX(a) RotZ(offset) TransZ(d) about z.
/// </summary>
/// <param name="Lower">Lowest position, rad.</param>
/// <param name="Upper">Highest position, rad.</param>
/// <param name="MaxVelocity">Speed limit, rad/s.</param>
public sealed record ChainJoint(string Name, Pose3 Origin, Vec3 Axis, double Lower, double Upper, double MaxVelocity);

/// <summary>
/// A serial chain of revolute joints from a base frame to a tool frame (the end effector): forward kinematics and the
/// geometric Jacobian, everything expressed in the base frame. Positions are in the chain's joint order.
/// </summary>
public sealed class SerialChain
{
    /// <param name="tool">The fixed transform from the last joint's frame to the tool frame.</param>
    /// <param name="home">A configuration inside the limits the arm starts in (where the simulator mounts its arm).</param>
    public SerialChain(string baseFrame, string toolFrame, IReadOnlyList<ChainJoint> joints, Pose3 tool, IReadOnlyList<double> home)
    {
        if (joints.Count == 0)
        {
            throw new ArgumentException("a chain needs at least one joint");
        }
        if (joints.GroupBy(j => j.Name, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1) is { } twice)
        {
            throw new ArgumentException($"joint '{twice.Key}' appears twice");
        }
        if (home.Count != joints.Count)
        {
            throw new ArgumentException($"home has {home.Count} positions, expected one per joint ({joints.Count})");
        }
        BaseFrame = baseFrame;
        ToolFrame = toolFrame;
        Joints = joints;
        Tool = tool;
        Home = [.. home];
        JointNames = [.. joints.Select(j => j.Name)];
    }

    public string BaseFrame { get; }

    public string ToolFrame { get; }

    public IReadOnlyList<ChainJoint> Joints { get; }

    public IReadOnlyList<string> JointNames { get; }

    public Pose3 Tool { get; }

    public IReadOnlyList<double> Home { get; }

    public int Dof => Joints.Count;

    /// <summary>The index of joint <paramref name="name"/> in the chain's order.</summary>
    /// <exception cref="ArgumentException">The chain has no such joint; the message lists those it has.</exception>
    public int IndexOf(string name)
    {
        for (var i = 0; i < Joints.Count; i++)
        {
            if (Joints[i].Name == name)
            {
                return i;
            }
        }
        throw new ArgumentException($"joint '{name}' is not in the chain {BaseFrame} -> {ToolFrame} (joints: {string.Join(", ", JointNames)})");
    }

    /// <summary>The tool's pose in the base frame at <paramref name="q"/>.</summary>
    public Pose3 Forward(ReadOnlySpan<double> q)
    {
        RequireLength(q);
        var pose = Pose3.Identity;
        for (var i = 0; i < Joints.Count; i++)
        {
            pose = pose * Joints[i].Origin * new Pose3(Vec3.Zero, Quat.FromAxisAngle(Joints[i].Axis, q[i]));
        }
        return pose * Tool;
    }

    /// <summary>
    /// The geometric Jacobian at <paramref name="q"/>: 6 rows (the tool point's linear velocity x y z, then the angular
    /// velocity x y z, in the base frame) by one column per joint.
    /// </summary>
    public double[,] Jacobian(ReadOnlySpan<double> q)
    {
        RequireLength(q);
        var axes = new Vec3[Joints.Count];
        var origins = new Vec3[Joints.Count];
        var pose = Pose3.Identity;
        for (var i = 0; i < Joints.Count; i++)
        {
            var joint = pose * Joints[i].Origin;
            axes[i] = joint.Orientation.Rotate(Joints[i].Axis);
            origins[i] = joint.Position;
            pose = joint * new Pose3(Vec3.Zero, Quat.FromAxisAngle(Joints[i].Axis, q[i]));
        }
        var tip = (pose * Tool).Position;
        var jacobian = new double[6, Joints.Count];
        for (var i = 0; i < Joints.Count; i++)
        {
            var linear = Vec3.Cross(axes[i], tip - origins[i]);
            (jacobian[0, i], jacobian[1, i], jacobian[2, i]) = (linear.X, linear.Y, linear.Z);
            (jacobian[3, i], jacobian[4, i], jacobian[5, i]) = (axes[i].X, axes[i].Y, axes[i].Z);
        }
        return jacobian;
    }

    /// <summary>The tool's twist (base frame) when the joints move at <paramref name="velocities"/> from <paramref name="q"/>.</summary>
    public Twist TwistOf(ReadOnlySpan<double> q, ReadOnlySpan<double> velocities)
    {
        RequireLength(velocities);
        var jacobian = Jacobian(q);
        Span<double> v = stackalloc double[6];
        for (var r = 0; r < 6; r++)
        {
            for (var c = 0; c < Joints.Count; c++)
            {
                v[r] += jacobian[r, c] * velocities[c];
            }
        }
        return new Twist(new Vec3(v[0], v[1], v[2]), new Vec3(v[3], v[4], v[5]));
    }

    private void RequireLength(ReadOnlySpan<double> values)
    {
        if (values.Length != Joints.Count)
        {
            throw new ArgumentException($"{values.Length} joint values for the {Joints.Count} joints of {BaseFrame} -> {ToolFrame}");
        }
    }
}
