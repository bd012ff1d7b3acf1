using SparshRobot.Ros.Cdr;
using SparshRobot.Ros.Messages;
using SparshRobot.Ros.Messages.BuiltinInterfaces;
using SparshRobot.Ros.Messages.ControllerManagerMsgs;
using SparshRobot.Ros.Messages.Dynamic;
using SparshRobot.Ros.Messages.MoveitMsgs;
using SparshRobot.Ros.Messages.TypeHashes;

namespace SparshRobot.Ros.Tests.Messages;

/// <summary>
/// controller_manager_msgs and moveit_msgs layouts written out by hand from the field lists in docs/ros2.md
/// ("A lab's stack"; XCDR1: strings and sequence counts align to 4, uint16 to 2), for Humble and
/// Jazzy 4.28+, checked against the typed records and against the dynamic codec of each distro's registry.
/// </summary>
public class ControllerManagerLayoutTests
{
    private static readonly MessageRegistry HumbleRegistry = MessageRegistry.CreateDefault(InterfaceDistro.Humble);

    private static byte[] Hex(string hex) => Convert.FromHexString("00010000" + hex.Replace(" ", "").Replace("|", ""));

    /// <summary>The typed record writes <paramref name="hex"/>, reads it back to the same bytes, and the registry's dynamic codec agrees.</summary>
    private static T AssertLayout<T>(T message, string hex, MessageRegistry registry)
        where T : IRosMessage<T>
    {
        var expected = Hex(hex);
        Assert.That(Convert.ToHexString(RosSerializer.Serialize(message)), Is.EqualTo(Convert.ToHexString(expected)), T.TypeName);
        var decoded = RosSerializer.Deserialize<T>(expected);
        Assert.That(RosSerializer.Serialize(decoded), Is.EqualTo(expected), $"{T.TypeName}: decode then encode");
        var tree = DynamicMessageDecoder.ForType(T.TypeName, registry).Decode(expected);
        Assert.That(DynamicMessageEncoder.ForType(T.TypeName, registry).Encode(tree), Is.EqualTo(expected), $"{T.TypeName}: dynamic codec of the registry");
        return decoded;
    }

    private static ControllerState<TDistro> State<TDistro>(bool isAsync, ushort rate, string[] exported)
        where TDistro : IControllerManagerDistro =>
        new("a", "b", "c", isAsync, rate, ["x"], [], [], true, false, exported, [], [new ChainConnection("p", [])]);

    [Test]
    public void JazzyControllerStateHasAsyncRateAndExportedStateInterfaces()
    {
        var decoded = AssertLayout(State<Jazzy>(true, 500, ["e"]),
            "02000000 6100 | 0000 02000000 6200 | 0000 02000000 6300 | 01 | 00 f401 | 0000 01000000 02000000 7800"
            + " | 0000 00000000 | 00000000 | 01 00 | 0000 01000000 02000000 6500 | 0000 00000000"
            + " | 01000000 02000000 7000 | 0000 00000000",
            MessageRegistry.Default);

        Assert.That((decoded.IsAsync, decoded.UpdateRate, decoded.ExportedStateInterfaces.Single(), decoded.ChainConnections.Single().Name),
            Is.EqualTo((true, (ushort)500, "e", "p")));
    }

    [Test]
    public void HumbleControllerStateHasNeither()
    {
        var decoded = AssertLayout(State<Humble>(false, 0, []),
            "02000000 6100 | 0000 02000000 6200 | 0000 02000000 6300 | 0000 01000000 02000000 7800"
            + " | 0000 00000000 | 00000000 | 01 00 | 0000 00000000 | 01000000 02000000 7000 | 0000 00000000",
            HumbleRegistry);

        Assert.That((decoded.Name, decoded.State, decoded.Type, decoded.ClaimedInterfaces.Single(), decoded.IsChainable),
            Is.EqualTo(("a", "b", "c", "x", true)));
    }

    [Test]
    public void EachLayoutMisreadsTheOther()
    {
        // Why the choice matters: a Humble reply read as Jazzy's (or back) fails or yields garbage, never the right list.
        var humble = RosSerializer.Serialize(new ListControllersResponse<Humble>([State<Humble>(false, 0, [])]));
        Assert.That(() => RosSerializer.Deserialize<ListControllersResponse<Jazzy>>(humble), Throws.InstanceOf<CdrFormatException>());
        var jazzy = RosSerializer.Serialize(new ListControllersResponse<Jazzy>([State<Jazzy>(true, 500, ["e"])]));
        Assert.That(() => RosSerializer.Deserialize<ListControllersResponse<Humble>>(jazzy), Throws.InstanceOf<CdrFormatException>());
    }

    [Test]
    public void JazzySwitchControllerRequestAndResponse()
    {
        AssertLayout(new SwitchControllerRequest<Jazzy>(["a"], [], SwitchControllerRequest<Jazzy>.Strict, true, new Duration(3, 5)),
            "01000000 02000000 6100 | 0000 00000000 | 02000000 | 01 | 000000 03000000 05000000",
            MessageRegistry.Default);
        var response = AssertLayout(new SwitchControllerResponse<Jazzy>(false, "no"), "00 | 000000 03000000 6e6f00", MessageRegistry.Default);
        Assert.That(response.Message, Is.EqualTo("no"));
    }

    [Test]
    public void HumbleSwitchControllerRequestKeepsTheDeprecatedFields()
    {
        var request = AssertLayout(
            new SwitchControllerRequest<Humble>(["a"], [], SwitchControllerRequest<Humble>.Strict, false, new Duration(3, 5))
            {
                StartControllers = ["s"],
                StartAsap = true,
            },
            "01000000 02000000 6100 | 0000 00000000 | 01000000 02000000 7300 | 0000 00000000 | 02000000 | 01 | 00"
            + " | 0000 03000000 05000000",
            HumbleRegistry);
        Assert.That((request.StartControllers.Single(), request.StartAsap, request.ActivateAsap), Is.EqualTo(("s", true, false)));
        AssertLayout(new SwitchControllerResponse<Humble>(true), "01", HumbleRegistry);
    }

    [Test]
    public void FieldsOfTheOtherDistroAreRejectedByName()
    {
        Assert.Multiple(() =>
        {
            Assert.That(() => RosSerializer.Serialize(State<Humble>(false, 100, [])),
                Throws.ArgumentException.With.Message.Contains("'update_rate'").And.Message.Contains("Humble"));
            Assert.That(() => RosSerializer.Serialize(State<Humble>(false, 0, ["e"])),
                Throws.ArgumentException.With.Message.Contains("'exported_state_interfaces'"));
            Assert.That(() => RosSerializer.Serialize(new SwitchControllerResponse<Humble>(false, "why")),
                Throws.ArgumentException.With.Message.Contains("'message'"));
            Assert.That(() => RosSerializer.Serialize(
                    new SwitchControllerRequest<Jazzy>([], [], 1, false, Duration.Zero) { StopControllers = ["x"] }),
                Throws.ArgumentException.With.Message.Contains("'stop_controllers'").And.Message.Contains("Jazzy"));
        });
    }

    [Test]
    public void ServoStatusAndCommandTypeLayouts()
    {
        AssertLayout(new ServoStatus(ServoStatus.HaltForCollision, "x"), "05 | 000000 02000000 7800", MessageRegistry.Default);
        AssertLayout(new ServoStatus(ServoStatus.Invalid, ""), "ff | 000000 01000000 00", MessageRegistry.Default);
        AssertLayout(new ServoCommandTypeRequest(ServoCommandTypeRequest.Twist), "01", MessageRegistry.Default);
        AssertLayout(new ServoCommandTypeResponse(true), "01", MessageRegistry.Default);
    }

    [Test]
    public void RegistryHoldsJazzyByDefaultAndHumbleOnRequest()
    {
        const string state = "controller_manager_msgs/msg/ControllerState";
        Assert.Multiple(() =>
        {
            Assert.That(MessageRegistry.Default.Get(state).ClrType, Is.EqualTo(typeof(ControllerState<Jazzy>)));
            Assert.That(MessageRegistry.CreateDefault(InterfaceDistro.Jazzy).Get(state).ClrType, Is.EqualTo(typeof(ControllerState<Jazzy>)));
            Assert.That(HumbleRegistry.Get(state).ClrType, Is.EqualTo(typeof(ControllerState<Humble>)));
            Assert.That(HumbleRegistry.Get("controller_manager_msgs/srv/SwitchController_Response").Definition, Is.EqualTo("bool ok\n"));
            Assert.That(HumbleRegistry.GetService("controller_manager_msgs/srv/SwitchController").ResponseType,
                Is.EqualTo("controller_manager_msgs/srv/SwitchController_Response"));
        });
    }

    [Test]
    public void JazzyTypeHashesComeFromTheJazzyDefinitions()
    {
        // rmw announces the hash of the Request/Response messages; ListControllers_Response's covers the nested ControllerState.
        string Hash(string type, MessageRegistry registry) => TypeDescription.OfMessage(type, registry).Hash.ToString();
        const string response = "controller_manager_msgs/srv/ListControllers_Response";
        var jazzy = Hash(response, MessageRegistry.Default);
        Assert.Multiple(() =>
        {
            Assert.That(jazzy, Does.Match("^RIHS01_[0-9a-f]{64}$"));
            Assert.That(Hash(response, HumbleRegistry), Is.Not.EqualTo(jazzy), "the nested ControllerState is part of the hash");
            Assert.That(TypeDescription.OfMessage(response).ToHashableJson(), Does.Contain("\"name\": \"update_rate\", \"type\": {\"type_id\": 5,"));
            Assert.That(Hash("moveit_msgs/msg/ServoStatus", MessageRegistry.Default), Does.Match("^RIHS01_[0-9a-f]{64}$"));
        });
    }

    [TestCase("humble", InterfaceDistro.Humble)]
    [TestCase(" Humble ", InterfaceDistro.Humble)]
    [TestCase("jazzy", InterfaceDistro.Jazzy)]
    [TestCase("rolling", InterfaceDistro.Jazzy)]
    [TestCase(null, InterfaceDistro.Jazzy)]
    public void RosDistroPicksTheLayout(string? rosDistro, InterfaceDistro expected) =>
        Assert.That(InterfaceDistros.FromRosDistro(rosDistro), Is.EqualTo(expected));

    [Test]
    public void OptionValuesAreHumbleOrJazzy()
    {
        Assert.That(InterfaceDistros.Parse("JAZZY", "servo.distro"), Is.EqualTo(InterfaceDistro.Jazzy));
        Assert.That(() => InterfaceDistros.Parse("iron", "servo.distro"),
            Throws.InstanceOf<FormatException>().With.Message.EqualTo("servo.distro: 'iron' is not a ROS 2 interface distro (expected humble or jazzy)"));
    }
}
