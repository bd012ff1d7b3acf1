using SparshRobot.Control.Safety;
using SparshRobot.Core.Geometry;

namespace SparshRobot.Control.Tests.Safety;

public sealed class SafetyOptionsTests
{
    private const string File = """
        /**:
          ros__parameters:
            use_sim_time: true
            safety:
              max_speed: 0.02
        maze_controller:
          ros__parameters:
            stack: full
            safety:
              workspace_min: [0.3, -0.2, 0.05]
              workspace_max: [0.7, 0.2, 0.4]
              max_speed: 0.05           # m/s
              max_acceleration: 0.5
              max_angular_speed: 0.3
              min_grip: 0.5
              max_grip: 6.0
              hold_grip: 2.0
              heartbeat_timeout: 0.25
              watchdog:
                plan: 0
                joint_states: 0.05
              dry_run: true
        """;

    [Test]
    public void Reads_the_nodes_safety_section_of_a_ros2_parameters_file()
    {
        var o = SafetyOptions.Parse(File, "robot.yaml", "/maze_controller");
        Assert.That(o.Limits.WorkspaceMin, Is.EqualTo(new Vec3(0.3, -0.2, 0.05)));
        Assert.That(o.Limits.WorkspaceMax, Is.EqualTo(new Vec3(0.7, 0.2, 0.4)));
        Assert.That(o.Limits.MaxSpeed, Is.EqualTo(0.05));
        Assert.That(o.Limits.MaxAcceleration, Is.EqualTo(0.5));
        Assert.That(o.Limits.MaxAngularSpeed, Is.EqualTo(0.3));
        Assert.That(o.Limits.MaxAngularAcceleration, Is.EqualTo(SafetyOptions.Default.Limits.MaxAngularAcceleration), "left out: the default");
        Assert.That((o.Limits.MinGrip, o.Limits.MaxGrip, o.HoldGrip), Is.EqualTo((0.5, 6.0, (double?)2.0)));
        Assert.That(o.HeartbeatTimeout, Is.EqualTo(0.25));
        Assert.That(o.DryRun, Is.True);
        Assert.That(o.Watched, Is.EquivalentTo(new Dictionary<string, double> { ["pose"] = 0.1, ["tactile"] = 0.15, ["plan"] = 0, ["joint_states"] = 0.05 }));
        var guard = new SafetyGuard(o);
        Assert.That(guard.Watched.Select(w => w.Key), Is.EquivalentTo(new[] { "pose", "tactile", "joint_states" }), "a zero deadline is not watched");
    }

    [Test]
    public void A_node_without_an_entry_takes_the_wildcard_and_a_file_without_safety_the_defaults()
    {
        Assert.That(SafetyOptions.Parse(File, "robot.yaml", "policy").Limits.MaxSpeed, Is.EqualTo(0.02));
        Assert.That(SafetyOptions.Parse("policy:\n  ros__parameters:\n    rate: 5\n", "p.yaml", "policy"), Is.SameAs(SafetyOptions.Default));
    }

    [Test]
    public void A_flow_style_section_reads_too()
    {
        var o = SafetyOptions.Parse("n:\n  ros__parameters:\n    safety: {max_speed: 0.03, dry_run: true}\n", "f.yaml", "n");
        Assert.That((o.Limits.MaxSpeed, o.DryRun), Is.EqualTo((0.03, true)));
    }

    [TestCase("max_sped: 0.1", "line 4: `max_sped`: unknown key; did you mean `max_speed`?")]
    [TestCase("max_speed: fast", "line 4: `max_speed`: 'fast' is not a number")]
    [TestCase("max_speed: -1", "max_speed is -1, expected a positive number of m/s")]
    [TestCase("workspace_min: [0, 0]\n      workspace_max: [1, 1, 1]", "workspace_min is [0, 0], expected [x, y, z] in metres")]
    [TestCase("workspace_min: [0, 0, 0]", "workspace_max is missing, expected both corners of the workspace box, or neither")]
    [TestCase("workspace_min: [0, 0, 0]\n      workspace_max: [1, -1, 1]", "workspace_max is [1, -1, 1], expected above workspace_min")]
    [TestCase("hold_grip: 20", "hold_grip is 20, expected a grip within [min_grip, max_grip] = [0, 8] N")]
    [TestCase("watchdog:\n        pose: -0.1", "watchdog.pose is -0.1, expected zero or a positive number of seconds")]
    public void Bad_values_are_refused_naming_the_file_line_and_key(string entry, string expected)
    {
        var yaml = $"n:\n  ros__parameters:\n    safety:\n      {entry}\n";
        Assert.That(() => SafetyOptions.Parse(yaml, "bad.yaml", "n"),
            Throws.InstanceOf<InvalidDataException>().With.Message.StartsWith("bad.yaml (n: ros__parameters: safety)").And.Message.Contains(expected));
    }

    [Test]
    public void A_missing_file_is_named()
    {
        Assert.That(() => SafetyOptions.Load("/nonexistent/robot.yaml", "n"), Throws.InstanceOf<FileNotFoundException>().With.Message.Contains("/nonexistent/robot.yaml"));
    }
}
