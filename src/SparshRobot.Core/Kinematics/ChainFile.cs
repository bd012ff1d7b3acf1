using SparshRobot.Core.Geometry;
using SparshRobot.Core.IO;

namespace SparshRobot.Core.Kinematics;

/// <summary>
/// A <see cref="SerialChain"/> read from YAML (launch/params/kinematics/franka_panda.yaml is the worked example):
/// <code>
/// base_frame: panda_link0
/// tool_frame: panda_hand_tcp
/// joints:                                   # base to tool; each revolute, turning about its axis
///   - name: panda_joint1
///     dh: {a: 0.0, d: 0.333, alpha: 0.0}   # modified DH (Craig): RotX(alpha) TransX(a) RotZ(theta_offset) TransZ(d), about z
///     limits: {lower: -2.8973, upper: 2.8973, velocity: 2.175}
///   - name: joint2
///     origin: {xyz: [0, 0, 0.1], rpy: [0, 0, 0]}   # or URDF style: the joint's origin and axis
///     axis: [0, 0, 1]
///     limits: {lower: -1.0, upper: 1.0, velocity: 2.0}
/// tool:                                     # fixed segments after the last joint, dh or origin each
///   - dh: {a: 0, d: 0.107, alpha: 0}
/// home: [0, 0]                              # a configuration inside the limits, one value per joint
/// </code>
/// Errors name the file and the field (<c>joints[2].limits.upper</c>) with what was expected.
/// </summary>
public static class ChainFile
{
    /// <exception cref="FileNotFoundException">No file at <paramref name="path"/>.</exception>
    /// <exception cref="InvalidDataException">The file is not a valid chain; the message names the file and field.</exception>
    public static SerialChain Load(string path) =>
        File.Exists(path) ? Parse(File.ReadAllText(path), path) : throw new FileNotFoundException($"kinematic chain file '{path}' does not exist", path);

    public static SerialChain Parse(string yaml, string source)
    {
        var dto = YamlConfig.Parse<ChainDto>(yaml, source) ?? throw new InvalidDataException($"{source}: empty; expected base_frame, tool_frame, joints, tool and home");
        YamlConfig.Require(!string.IsNullOrWhiteSpace(dto.BaseFrame), source, "base_frame", dto.BaseFrame, "the frame the chain starts in");
        YamlConfig.Require(!string.IsNullOrWhiteSpace(dto.ToolFrame), source, "tool_frame", dto.ToolFrame, "the frame the chain ends in");
        YamlConfig.Require(dto.Joints is { Count: > 0 }, source, "joints", dto.Joints, "a list of at least one joint");
        var joints = dto.Joints!.Select((j, i) => j.ToJoint(source, $"joints[{i}]")).ToList();
        foreach (var twice in joints.GroupBy(j => j.Name, StringComparer.Ordinal).Where(g => g.Count() > 1))
        {
            throw new InvalidDataException($"{source}: joints: '{twice.Key}' appears more than once");
        }
        var tool = Pose3.Identity;
        foreach (var (segment, i) in (dto.Tool ?? []).Select((s, i) => (s, i)))
        {
            tool *= segment.ToPose(source, $"tool[{i}]");
        }
        YamlConfig.Require(dto.Home is not null && dto.Home.Count == joints.Count && dto.Home.All(double.IsFinite), source, "home", dto.Home,
            $"{joints.Count} finite joint positions, one per joint");
        for (var i = 0; i < joints.Count; i++)
        {
            var (joint, value) = (joints[i], dto.Home![i]);
            YamlConfig.Require(value >= joint.Lower && value <= joint.Upper, source, $"home[{i}] ({joint.Name})", value, $"within the joint's limits [{joint.Lower}, {joint.Upper}]");
        }
        return new SerialChain(dto.BaseFrame!, dto.ToolFrame!, joints, tool, dto.Home!);
    }

    private sealed class ChainDto
    {
        public string? BaseFrame { get; set; }

        public string? ToolFrame { get; set; }

        public List<JointDto>? Joints { get; set; }

        public List<SegmentDto>? Tool { get; set; }

        public List<double>? Home { get; set; }
    }

    /// <summary>A fixed transform, as a modified-DH row or a URDF origin.</summary>
    private class SegmentDto
    {
        public DhDto? Dh { get; set; }

        public OriginDto? Origin { get; set; }

        public Pose3 ToPose(string source, string where)
        {
            if ((Dh is null) == (Origin is null))
            {
                throw new InvalidDataException($"{source}: {where}: give either dh (a, d, alpha) or origin (xyz, rpy), not {(Dh is null ? "neither" : "both")}");
            }
            if (Dh is { } dh)
            {
                double[] values = [dh.A, dh.D, dh.Alpha, dh.ThetaOffset];
                YamlConfig.Require(values.All(double.IsFinite), source, $"{where}.dh", values, "finite a, d, alpha and theta_offset");
                return new Pose3(Vec3.Zero, Quat.FromAxisAngle(Vec3.UnitX, dh.Alpha)) * new Pose3(new Vec3(dh.A, 0, 0), Quat.FromAxisAngle(Vec3.UnitZ, dh.ThetaOffset))
                    * new Pose3(new Vec3(0, 0, dh.D), Quat.Identity);
            }
            var origin = Origin!;
            YamlConfig.Require(origin.Xyz is { Count: 3 } && origin.Xyz.All(double.IsFinite), source, $"{where}.origin.xyz", origin.Xyz, "3 finite numbers, m");
            var rpy = origin.Rpy ?? [0, 0, 0];
            YamlConfig.Require(rpy is { Count: 3 } && rpy.All(double.IsFinite), source, $"{where}.origin.rpy", rpy, "3 finite angles (roll pitch yaw), rad");
            return new Pose3(new Vec3(origin.Xyz![0], origin.Xyz[1], origin.Xyz[2]), Quat.FromRollPitchYaw(rpy[0], rpy[1], rpy[2]));
        }
    }

    private sealed class JointDto : SegmentDto
    {
        public string? Name { get; set; }

        public List<double>? Axis { get; set; }

        public LimitsDto? Limits { get; set; }

        public ChainJoint ToJoint(string source, string where)
        {
            YamlConfig.Require(!string.IsNullOrWhiteSpace(Name), source, $"{where}.name", Name, "the joint's name as the robot's joint_states give it");
            where = $"{where} ({Name})";
            var origin = ToPose(source, where);
            // A DH row turns about z; an origin joint names its axis (URDF's default, x, is too easy to forget).
            YamlConfig.Require(Dh is null || Axis is null, source, $"{where}.axis", Axis, "none with dh (a DH joint turns about z)");
            var axis = Dh is null ? Axis : [0, 0, 1];
            YamlConfig.Require(axis is { Count: 3 } && axis.All(double.IsFinite) && Math.Sqrt(axis.Sum(a => a * a)) > 1e-9, source, $"{where}.axis", axis, "3 finite numbers, not all zero");
            var limits = Limits ?? throw new InvalidDataException($"{source}: {where}.limits is missing, expected lower, upper (rad) and velocity (rad/s)");
            YamlConfig.Require(double.IsFinite(limits.Lower) && double.IsFinite(limits.Upper) && limits.Lower < limits.Upper, source, $"{where}.limits",
                new[] { limits.Lower, limits.Upper }, "finite lower < upper, rad");
            YamlConfig.Require(limits.Velocity > 0 && double.IsFinite(limits.Velocity), source, $"{where}.limits.velocity", limits.Velocity, "a positive speed, rad/s");
            return new ChainJoint(Name!, origin, new Vec3(axis![0], axis[1], axis[2]).Normalized(), limits.Lower, limits.Upper, limits.Velocity);
        }
    }

    private sealed class DhDto
    {
        public double A { get; set; }

        public double D { get; set; }

        public double Alpha { get; set; }

        public double ThetaOffset { get; set; }
    }

    private sealed class OriginDto
    {
        public List<double>? Xyz { get; set; }

        public List<double>? Rpy { get; set; }
    }

    private sealed class LimitsDto
    {
        public double Lower { get; set; } = double.NaN;

        public double Upper { get; set; } = double.NaN;

        public double Velocity { get; set; } = double.NaN;
    }
}
