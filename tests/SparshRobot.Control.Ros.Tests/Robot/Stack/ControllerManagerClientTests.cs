using System.Collections.Concurrent;
using SparshRobot.Control.Ros.Robot.Stack;
using SparshRobot.Ros.Messages;
using SparshRobot.Ros.Messages.ControllerManagerMsgs;
using SparshRobot.Ros.Node;

namespace SparshRobot.Control.Ros.Tests.Robot.Stack;

/// <summary>The client against a fake controller_manager written with our own node API, over DDS, in each distro's layout.</summary>
public class ControllerManagerClientTests
{
    private static readonly (string Name, string State)[] Loaded =
        [("joint_state_broadcaster", "active"), ("forward_position_controller", "inactive"), ("gripper_controller", "unconfigured")];

    private sealed record Switch(string[] Activate, string[] Deactivate, int Strictness);

    /// <summary>Serves list_controllers with <see cref="Loaded"/> and switch_controller, refusing to activate <c>broken</c>.</summary>
    private static ConcurrentQueue<Switch> ServeControllerManager(InterfaceDistro distro, RosNode node, string name) => distro == InterfaceDistro.Humble
        ? Serve<Humble>(node, name, refusal: "")
        : Serve<Jazzy>(node, name, refusal: "controller 'broken' is not loaded");

    private static ConcurrentQueue<Switch> Serve<TDistro>(RosNode node, string name, string refusal)
        where TDistro : IControllerManagerDistro
    {
        node.CreateService<ListControllersRequest, ListControllersResponse<TDistro>>($"{name}/list_controllers", _ => new(
            Loaded.Select(c => new ControllerState<TDistro>(c.Name, c.State, "forward_command_controller/ForwardCommandController",
                false, 0, [$"{c.Name}/j1/position"], [], [], false, false, [], [], [])).ToArray()));
        var switches = new ConcurrentQueue<Switch>();
        node.CreateService<SwitchControllerRequest<TDistro>, SwitchControllerResponse<TDistro>>($"{name}/switch_controller", r =>
        {
            switches.Enqueue(new Switch([.. r.ActivateControllers], [.. r.DeactivateControllers], r.Strictness));
            return new(!r.ActivateControllers.Contains("broken"), r.ActivateControllers.Contains("broken") ? refusal : "");
        });
        return switches;
    }

    private static ControllerManagerOptions Options(InterfaceDistro distro, string name = "/controller_manager") =>
        new() { ControllerManager = name, Distro = distro, Timeout = TimeSpan.FromSeconds(10) };

    [TestCase(InterfaceDistro.Humble)]
    [TestCase(InterfaceDistro.Jazzy)]
    [CancelAfter(60_000)]
    public async Task ListsControllersAndPassesWhenTheRequiredOnesAreActive(InterfaceDistro distro, CancellationToken cancellation)
    {
        using var graph = new StackGraph("controller_manager");
        ServeControllerManager(distro, graph.Stack, "/controller_manager");
        using var client = new ControllerManagerClient(graph.Client, Options(distro));
        graph.Spin();

        var listed = await client.ListControllersAsync(cancellation);
        var active = await client.EnsureActiveAsync(["joint_state_broadcaster"], cancellation);

        Assert.That(listed.Select(c => (c.Name, c.State)), Is.EqualTo(Loaded));
        Assert.That(listed[1].ClaimedInterfaces, Is.EqualTo(new[] { "forward_position_controller/j1/position" }));
        Assert.That(active.Single().IsActive, Is.True);
    }

    [TestCase(InterfaceDistro.Humble)]
    [TestCase(InterfaceDistro.Jazzy)]
    [CancelAfter(60_000)]
    public async Task NamesEachMissingOrInactiveControllerWithItsFix(InterfaceDistro distro, CancellationToken cancellation)
    {
        using var graph = new StackGraph("controller_manager");
        ServeControllerManager(distro, graph.Stack, "/controller_manager");
        using var client = new ControllerManagerClient(graph.Client, Options(distro));
        graph.Spin();

        var e = Assert.ThrowsAsync<ControllersNotActiveException>(() => client.EnsureActiveAsync(
            ["joint_state_broadcaster", "forward_position_controller", "gripper_controller", "servo_controller"], cancellation))!;

        Assert.That(e.Message, Is.EqualTo(
            "controller_manager /controller_manager: 3 of 4 required controllers are not active (loaded: joint_state_broadcaster (active), "
            + "forward_position_controller (inactive), gripper_controller (unconfigured)):\n"
            + "  'forward_position_controller' is inactive; fix: ros2 control switch_controllers --activate forward_position_controller\n"
            + "  'gripper_controller' is unconfigured; fix: ros2 control set_controller_state gripper_controller inactive, "
            + "then ros2 control switch_controllers --activate gripper_controller\n"
            + "  'servo_controller' is not loaded; fix: ros2 control load_controller --set-state active servo_controller"));
        Assert.That(e.Problems, Is.EqualTo(new[]
        {
            new ControllerProblem("forward_position_controller", "inactive"),
            new ControllerProblem("gripper_controller", "unconfigured"),
            new ControllerProblem("servo_controller", null),
        }));
    }

    [TestCase(InterfaceDistro.Humble, "no reason given; its log says why")]
    [TestCase(InterfaceDistro.Jazzy, "controller 'broken' is not loaded")]
    [CancelAfter(60_000)]
    public async Task SwitchesControllersAndReportsARefusal(InterfaceDistro distro, string reason, CancellationToken cancellation)
    {
        using var graph = new StackGraph("cm");
        var switches = ServeControllerManager(distro, graph.Stack, "/robot1/cm");
        using var client = new ControllerManagerClient(graph.Client, Options(distro, "/robot1/cm/"));
        graph.Spin();

        await client.SwitchControllersAsync(["forward_position_controller"], ["joint_trajectory_controller"], cancellation: cancellation);
        var e = Assert.ThrowsAsync<InvalidOperationException>(() => client.SwitchControllersAsync(["broken"], [], cancellation: cancellation))!;

        Assert.That(switches.First(), Is.EqualTo(new Switch(["forward_position_controller"], ["joint_trajectory_controller"], SwitchControllerRequest<Jazzy>.Strict))
            .Using<Switch>((a, b) => a.Activate.SequenceEqual(b.Activate) && a.Deactivate.SequenceEqual(b.Deactivate) && a.Strictness == b.Strictness));
        Assert.That(e.Message, Is.EqualTo(
            $"controller_manager /robot1/cm/ refused to switch controllers (activate [broken], deactivate []): {reason}"));
    }

    [Test]
    [CancelAfter(60_000)]
    public void AnAbsentControllerManagerIsNamedWithTheOptionToSet(CancellationToken cancellation)
    {
        using var graph = new StackGraph("controller_manager");
        ServeControllerManager(InterfaceDistro.Jazzy, graph.Stack, "/robot1/controller_manager");
        using var client = new ControllerManagerClient(graph.Client, Options(InterfaceDistro.Jazzy) with { Timeout = TimeSpan.FromSeconds(1) });
        graph.Spin();

        var e = Assert.ThrowsAsync<TimeoutException>(() => client.ListControllersAsync(cancellation))!;

        Assert.That(e.Message, Does.StartWith("service /controller_manager/list_controllers (controller_manager_msgs/srv/ListControllers) did not appear within 1 s")
            .And.Contains("set ControllerManagerOptions.ControllerManager"));
    }

    [Test]
    [CancelAfter(60_000)]
    public void TheWrongDistroIsReportedAsSuch(CancellationToken cancellation)
    {
        using var graph = new StackGraph("controller_manager");
        ServeControllerManager(InterfaceDistro.Humble, graph.Stack, "/controller_manager");
        using var client = new ControllerManagerClient(graph.Client, Options(InterfaceDistro.Jazzy));
        graph.Spin();

        var e = Assert.ThrowsAsync<InvalidOperationException>(() => client.ListControllersAsync(cancellation))!;

        Assert.That(e.Message, Does.Contain("malformed").And.Contains("speaks the Jazzy layout").And.Contains("set ROS_DISTRO"));
    }
}
