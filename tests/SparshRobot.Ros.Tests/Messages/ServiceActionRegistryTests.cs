using SparshRobot.Ros.Messages;
using SparshRobot.Ros.Messages.ControlMsgs;
using SparshRobot.Ros.Messages.Definitions;
using SparshRobot.Ros.Messages.Dynamic;
using SparshRobot.Ros.Messages.ExampleInterfaces;

namespace SparshRobot.Ros.Tests.Messages;

public class ServiceActionRegistryTests
{
    private const string GripperActionText =
        "GripperCommand command\n---\nfloat64 position\nfloat64 effort\nbool stalled\nbool reached_goal\n---\n"
        + "float64 position\nfloat64 effort\nbool stalled\nbool reached_goal\n";

    [Test]
    public void ServicesAreFoundByBothNameFormsWithTheirPartTypes()
    {
        var registry = MessageRegistry.Default;
        Assert.That(registry.TryGetService("example_interfaces/AddTwoInts", out var service), Is.True);
        Assert.That(registry.GetService("example_interfaces/srv/AddTwoInts"), Is.SameAs(service));
        Assert.That((service!.Name, service.RequestType, service.ResponseType),
            Is.EqualTo(("example_interfaces/srv/AddTwoInts", "example_interfaces/srv/AddTwoInts_Request", "example_interfaces/srv/AddTwoInts_Response")));
        Assert.That(service.Text, Is.EqualTo("int64 a\nint64 b\n---\nint64 sum\n"));
        Assert.That(registry.Get(service.RequestType).ClrType, Is.EqualTo(typeof(AddTwoIntsRequest)));
        Assert.That(registry.Get(service.RequestType).DdsTypeName, Is.EqualTo("example_interfaces::srv::dds_::AddTwoInts_Request_"));
        Assert.That(registry.GetService("std_srvs/Empty").Text, Is.EqualTo("---\n"));
        Assert.That(registry.Services.Select(s => s.Name), Is.Ordered.Using((IComparer<string>)StringComparer.Ordinal)
            .And.Contains("rcl_interfaces/srv/ListParameters").And.Contains("action_msgs/srv/CancelGoal").And.Contains("std_srvs/srv/Trigger"));

        Assert.That(registry.TryGetService("example_interfaces/action/AddTwoInts", out _), Is.False, "wrong interface kind");
        Assert.That(registry.TryGetService("nonsense", out _), Is.False);
        var e = Assert.Throws<KeyNotFoundException>(() => registry.GetService("my_srvs/Missing"));
        Assert.That(e!.Message, Does.Contain("my_srvs/Missing").And.Contain("std_srvs/srv/SetBool"));
    }

    [Test]
    public void ActionsAreFoundByBothNameFormsWithAllEightTypes()
    {
        var registry = MessageRegistry.Default;
        Assert.That(registry.TryGetAction("control_msgs/GripperCommand", out var action), Is.True);
        Assert.That(registry.GetAction("control_msgs/action/GripperCommand"), Is.SameAs(action));
        string[] types = [
            action!.GoalType, action.ResultType, action.FeedbackType, action.SendGoalRequestType, action.SendGoalResponseType,
            action.GetResultRequestType, action.GetResultResponseType, action.FeedbackMessageType,
        ];
        Assert.That(types, Is.EqualTo(new[] { "_Goal", "_Result", "_Feedback", "_SendGoal_Request", "_SendGoal_Response", "_GetResult_Request",
            "_GetResult_Response", "_FeedbackMessage" }.Select(s => "control_msgs/action/GripperCommand" + s)));
        Assert.That(types.Select(t => registry.Get(t).ClrType), Has.None.Null, "a typed action gets typed wrappers");
        Assert.That(registry.Get(action.SendGoalRequestType).DdsTypeName, Is.EqualTo("control_msgs::action::dds_::GripperCommand_SendGoal_Request_"));
        Assert.That(action.Text, Is.EqualTo(GripperActionText));
        Assert.That(registry.Actions.Select(a => a.Name), Is.EqualTo(new[] { "control_msgs/action/FollowJointTrajectory", "control_msgs/action/GripperCommand" }));
        Assert.That(registry.TryGetAction("control_msgs/msg/GripperCommand", out _), Is.False);
        var e = Assert.Throws<KeyNotFoundException>(() => registry.GetAction("nav2_msgs/NavigateToPose"));
        Assert.That(e!.Message, Does.Contain("nav2_msgs/NavigateToPose").And.Contain("control_msgs/action/GripperCommand"));
    }

    [Test]
    public void ActionRegisteredFromTextMatchesTheTypedOneTypeForType()
    {
        var registry = new MessageRegistry()
            .Register<Ros.Messages.UniqueIdentifierMsgs.UUID>()
            .Register<Ros.Messages.BuiltinInterfaces.Time>()
            .Register<GripperCommand>()
            .RegisterAction("control_msgs/GripperCommand", GripperActionText);
        var fromText = registry.GetAction("control_msgs/action/GripperCommand");
        var typed = MessageRegistry.Default.GetAction("control_msgs/GripperCommand");
        foreach (var name in new[] { typed.GoalType, typed.ResultType, typed.FeedbackType, typed.SendGoalRequestType, typed.SendGoalResponseType,
            typed.GetResultRequestType, typed.GetResultResponseType, typed.FeedbackMessageType })
        {
            Assert.That(registry.Get(name).ClrType, Is.Null, name);
            Assert.That(registry.Get(name).Definition, Is.EqualTo(MessageRegistry.Default.Get(name).Definition), name);
            // Same definitions, same bytes: the typed sample decodes and re-encodes with the text-only registry.
            var bytes = MessageRegistry.Default.Get(name).Serialize(SampleMessages.All[name]);
            var tree = DynamicMessageDecoder.ForType(name, registry).Decode(bytes);
            Assert.That(DynamicMessageEncoder.ForType(name, registry).Encode(tree), Is.EqualTo(bytes), name);
        }
        Assert.That(fromText.Text, Is.EqualTo(typed.Text));
    }

    [Test]
    public void ServiceRegisteredFromTextKeepsLineNumbersAndEmptyParts()
    {
        var registry = MessageRegistry.CreateDefault().RegisterService("my_srvs/srv/Ping", "# comment\r\n---\r\nstring reply\r\n");
        var ping = registry.GetService("my_srvs/Ping");
        Assert.That(registry.Get(ping.RequestType).Definition, Is.EqualTo("# comment\n"), "CRLF read as LF, comments kept");
        Assert.That(registry.Get(ping.ResponseType).Definition, Is.EqualTo("string reply\n"));
        // An empty part is one byte, as for std_srvs/Empty.
        Assert.That(DynamicMessageEncoder.ForType(ping.RequestType, registry).Encode(null), Is.EqualTo(new byte[] { 0, 1, 0, 0, 0 }));

        var e = Assert.Throws<MessageDefinitionException>(() => MessageRegistry.CreateDefault().RegisterService("p/S", "int32 a\n---\nint32 b\nstring 9c\n"));
        Assert.That(e!.Message, Does.Contain("p/srv/S_Response line 4").And.Contain("'9c' is not a valid field name"));
    }

    [TestCase("int32 a\nint32 b\n", "found none")]
    [TestCase("int32 a\n---\nint32 b\n---\nint32 c\n", "found 2 (line 2, 4)")]
    public void ServiceTextNeedsExactlyOneSeparator(string text, string found)
    {
        var registry = MessageRegistry.CreateDefault();
        var e = Assert.Throws<MessageDefinitionException>(() => registry.RegisterService("p/srv/S", text));
        Assert.That(e!.Message, Does.Contain("p/srv/S").And.Contain("expected 1 '---' line(s) between request, response").And.Contain(found));
        Assert.That(registry.TryGetService("p/S", out _), Is.False);
        Assert.That(registry.TryGet("p/srv/S_Request", out _), Is.False, "a failed registration adds nothing");
    }

    [TestCase("int32 a\n---\nint32 b\n", "found 1 (line 2)")]
    [TestCase("---\n---\n---\n---\n", "found 4 (line 1, 2, 3, 4)")]
    public void ActionTextNeedsExactlyTwoSeparators(string text, string found)
    {
        var e = Assert.Throws<MessageDefinitionException>(() => MessageRegistry.CreateDefault().RegisterAction("p/A", text));
        Assert.That(e!.Message, Does.Contain("p/action/A").And.Contain("expected 2 '---' line(s) between goal, result, feedback").And.Contain(found));
    }

    [Test]
    public void BadNamesAndMismatchedPartsAreRejectedClearly()
    {
        var registry = MessageRegistry.CreateDefault();
        var e = Assert.Throws<ArgumentException>(() => registry.RegisterService("p/msg/S", "---\n"));
        Assert.That(e!.Message, Does.Contain("'p/msg/S'").And.Contain("pkg/srv/Name or pkg/Name"));
        e = Assert.Throws<ArgumentException>(() => registry.RegisterAction("A", "---\n---\n"));
        Assert.That(e!.Message, Does.Contain("'A'").And.Contain("pkg/action/Name"));
        e = Assert.Throws<ArgumentException>(() => registry.RegisterService<AddTwoIntsResponse, AddTwoIntsRequest>());
        Assert.That(e!.Message, Does.Contain("example_interfaces/srv/AddTwoInts_Response").And.Contain("pkg/srv/Name_Request"));
        e = Assert.Throws<ArgumentException>(() => registry.RegisterService<AddTwoIntsRequest, Ros.Messages.StdSrvs.TriggerResponse>());
        Assert.That(e!.Message, Does.Contain("std_srvs/srv/Trigger_Response").And.Contain("example_interfaces/srv/AddTwoInts_Response"));
        e = Assert.Throws<ArgumentException>(() => registry.RegisterAction<GripperCommandGoal, FollowJointTrajectoryResult, GripperCommandFeedback>());
        Assert.That(e!.Message, Does.Contain("FollowJointTrajectory_Result").And.Contain("control_msgs/action/GripperCommand_Result"));
        Assert.Throws<InvalidOperationException>(() => MessageRegistry.Default.RegisterService("p/S", "---\n"));
        Assert.Throws<InvalidOperationException>(() => MessageRegistry.Default.RegisterService<AddTwoIntsRequest, AddTwoIntsResponse>());
    }

    [Test]
    public void SrvAndActionTypesResolveInsideDefinitions()
    {
        Assert.That(RosTypeName.Normalize("p/srv/S_Request"), Is.EqualTo("p/srv/S_Request"));
        Assert.That(RosTypeName.Normalize("p/action/A_Goal"), Is.EqualTo("p/action/A_Goal"));
        Assert.That(RosTypeName.Normalize("p/T"), Is.EqualTo("p/msg/T"));
        Assert.Throws<ArgumentException>(() => RosTypeName.Normalize("p/idl/T"));
        Assert.That(RosTypeName.NormalizeService("p/S"), Is.EqualTo("p/srv/S"));
        Assert.That(RosTypeName.NormalizeAction("p/action/A"), Is.EqualTo("p/action/A"));
        Assert.That(RosTypeName.Short("p/msg/T"), Is.EqualTo("p/T"));
        Assert.That(RosTypeName.Short("p/action/A_Goal"), Is.EqualTo("p/action/A_Goal"), "the short form would read back as a message");

        // Inside a .srv or .action, bare and pkg/Type names are messages; full srv/action names stay.
        var spec = MessageDefinitionParser.Parse("p/action/A_Goal", "Foo a\nq/Bar b\nHeader h\np/action/A_Result r\n");
        Assert.That(spec.Fields.Select(f => f.Type.MessageType), Is.EqualTo(new[] { "p/msg/Foo", "q/msg/Bar", "std_msgs/msg/Header", "p/action/A_Result" }));
        var e = Assert.Throws<MessageDefinitionException>(() => MessageDefinitionParser.Parse("p/msg/T", "p/idl/X x\n"));
        Assert.That(e!.Message, Does.Contain("p/idl/X"));
    }

    [Test]
    public void WrapperSchemasRoundTripThroughRosbag2SchemaText()
    {
        var text = MessageRegistry.Default.DefinitionSet("control_msgs/action/GripperCommand_FeedbackMessage").ToSchemaText();
        Assert.That(text, Does.StartWith("unique_identifier_msgs/UUID goal_id\ncontrol_msgs/action/GripperCommand_Feedback feedback\n"));
        Assert.That(text, Does.Contain("MSG: control_msgs/action/GripperCommand_Feedback\nfloat64 position\n"));
        Assert.That(text, Does.Contain("MSG: unique_identifier_msgs/UUID\nuint8[16] uuid\n"));
    }

    [Test]
    public void EmptyTypesHaveRosidlsDummyMemberForHashing()
    {
        var empty = MessageRegistry.Default.DefinitionSet("std_srvs/srv/Trigger_Request").Root;
        Assert.That(empty.Fields, Is.Empty);
        Assert.That(empty.RosidlFields.Select(f => (f.Name, f.Type.ToString())), Is.EqualTo(new[] { ("structure_needs_at_least_one_member", "uint8") }));
        var constantsOnly = MessageRegistry.Default.DefinitionSet("rcl_interfaces/msg/ParameterType").Root;
        Assert.That((constantsOnly.Constants.Count, constantsOnly.RosidlFields.Count), Is.EqualTo((10, 1)));
        var withFields = MessageRegistry.Default.DefinitionSet("example_interfaces/srv/AddTwoInts_Request").Root;
        Assert.That(withFields.RosidlFields, Is.SameAs(withFields.Fields));
    }
}
