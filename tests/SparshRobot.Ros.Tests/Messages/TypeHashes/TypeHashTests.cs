using SparshRobot.Ros.Messages;
using SparshRobot.Ros.Messages.Definitions;
using SparshRobot.Ros.Messages.TypeHashes;

namespace SparshRobot.Ros.Tests.Messages.TypeHashes;

/// <summary>RIHS01 type hashes (rosidl's algorithm, docs/ros2.md "Type hashes") against values computed from it.</summary>
public class TypeHashTests
{
    private static readonly MessageRegistry Registry = JazzyInterfaces.Registry();

    private static ServiceTypeDescription Service(string name, string text) => ServiceTypeDescription.Parse(name, text, Registry);

    private static ActionTypeDescription Action(string name, string text) => ActionTypeDescription.Parse(name, text, Registry);

    /// <summary>Every row of the doc's table: the description under test and its expected hash.</summary>
    private static IEnumerable<TestCaseData> DocumentedHashes()
    {
        TestCaseData Row(string label, Func<TypeDescription> describe, string hex) =>
            new TestCaseData(describe, "RIHS01_" + hex).SetName(label);

        yield return Row("std_msgs/msg/String", () => TypeDescription.OfMessage("std_msgs/msg/String"),
            "df668c740482bbd48fb39d76a70dfd4bd59db1288021743503259e948f6b1a18");
        yield return Row("AddTwoInts service", () => Service("example_interfaces/srv/AddTwoInts", JazzyInterfaces.AddTwoInts).Service,
            "e118de6bf5eeb66a2491b5bda11202e7b68f198d6f67922cf30364858239c81a");
        yield return Row("AddTwoInts_Request", () => Service("example_interfaces/srv/AddTwoInts", JazzyInterfaces.AddTwoInts).Request,
            "000c5fd92d6b2e1a05949348f584d6d652adea1e92d691792011ac2273508302");
        yield return Row("AddTwoInts_Response", () => Service("example_interfaces/srv/AddTwoInts", JazzyInterfaces.AddTwoInts).Response,
            "de5c030d4af33cba2749310b249737b631594703f9300495f48bffb2b44dcc2f");
        yield return Row("rcl_interfaces/msg/ParameterEvent", () => TypeDescription.OfMessage("rcl_interfaces/msg/ParameterEvent", Registry),
            "043e627780fcad87a22d225bc2a037361dba713fca6a6b9f4b869a5aa0393204");

        (string Name, string Text, string Request, string Response)[] parameterServices =
        [
            ("ListParameters", JazzyInterfaces.ListParameters,
                "a1b0b5d6b967a5b8ac5bc8563c3ea678f349e312a6a4967227c5a96bc5ce38df", "31b937b82de3612426be79f231e386259f97e8dc843e3f2845288b4bfa296bdd"),
            ("GetParameters", JazzyInterfaces.GetParameters,
                "135a9e1c3d7cebef792f6687d7ddf99949b21a0bd9a320d863a9110a3f5cf4d6", "9fa773b46e39cc5d02db6224d8fd520bb9caeeffc2b27c96c1e59431baba9f2a"),
            ("SetParameters", JazzyInterfaces.SetParameters,
                "130d46386b7e84ea9ecf60608a4d83cbe5e5cb7c6cc5b712b7a4e3a6c254e932", "7a0e8140a0b8d98308fa81a5403a766e610af29a239caf54b7553227906fc266"),
            ("SetParametersAtomically", JazzyInterfaces.SetParametersAtomically,
                "db0bd950ed5ed867a0e90b225e44dea382d762c0762ff3e0ee842190042a59e5", "31b1a38c5b0b9d893ee24da45f69638f4561c78461d82d52750f429b534502b8"),
            ("DescribeParameters", JazzyInterfaces.DescribeParameters,
                "05dd1c2bc87dec2627105c8070d6f9725c781a4f2ab852975bf105462b82b644", "ad6747319613c6131589e062e095b469a46cc764f7d0f12a001a49e6cd893995"),
            ("GetParameterTypes", JazzyInterfaces.GetParameterTypes,
                "87d7ec5ef545d4daa289d500025d31fb2437bc8b8365ca367161c4dac4be33fd", "ac1335dce67c478e669434f6ac2fbff34fcd529580f272d3006785ba8b54e47f"),
        ];
        foreach (var (name, text, request, response) in parameterServices)
        {
            var type = $"rcl_interfaces/srv/{name}";
            yield return Row(name + "_Request", () => Service(type, text).Request, request);
            yield return Row(name + "_Response", () => Service(type, text).Response, response);
        }

        yield return Row("action_msgs/msg/GoalStatusArray", () => TypeDescription.OfMessage("action_msgs/msg/GoalStatusArray", Registry),
            "6c1684b00f177d37438febe6e709fc4e2b0d4248dca4854946f9ed8b30cda83e");
        yield return Row("CancelGoal_Request", () => Service("action_msgs/srv/CancelGoal", JazzyInterfaces.CancelGoal).Request,
            "3d3c84653c1f96918086887e1dcb236faec88b81a5b14fd4cf4840065bcdf8af");
        yield return Row("CancelGoal_Response", () => Service("action_msgs/srv/CancelGoal", JazzyInterfaces.CancelGoal).Response,
            "35e682cf3f510e83c70a82a4aac888496dedee56773bf9d8e5e0aa81f9e1c960");
        yield return Row("Fibonacci_SendGoal_Request", () => Action("example_interfaces/action/Fibonacci", JazzyInterfaces.Fibonacci).SendGoal.Request,
            "3d088942b413247db536576f0286768c6be8fcd5d0c9a5d544f359fba090a238");

        const string gripper = "control_msgs/action/GripperCommand";
        yield return Row("GripperCommand_SendGoal_Request", () => Action(gripper, JazzyInterfaces.GripperCommand).SendGoal.Request,
            "1b869b7b4042272dc0f8ed65468c4e57c9e532ea5e53ce74fda0767eefbfa983");
        yield return Row("GripperCommand_SendGoal_Response", () => Action(gripper, JazzyInterfaces.GripperCommand).SendGoal.Response,
            "0c8dda5e9d39ab5e3162b66e79b292a4258659ddfcf8722d39463f718b6c59bc");
        yield return Row("GripperCommand_GetResult_Request", () => Action(gripper, JazzyInterfaces.GripperCommand).GetResult.Request,
            "1a3308da3acbc62cd8a3c823de80ba9e5f9b6bb6f6056d1ad6b29f5f285f97ae");
        yield return Row("GripperCommand_GetResult_Response", () => Action(gripper, JazzyInterfaces.GripperCommand).GetResult.Response,
            "32ed5e1b5906767a3e9914dca4c4aed22529918f6c2360e6fb382363d4df4b45");
        yield return Row("GripperCommand_FeedbackMessage", () => Action(gripper, JazzyInterfaces.GripperCommand).FeedbackMessage,
            "392ff03fcd872f9dc2405cbeb2897fcf011ad9998458b6aa85c603b8a49e431d");
    }

    [TestCaseSource(nameof(DocumentedHashes))]
    public void ReproducesDocumentedHash(Func<TypeDescription> describe, string expected) =>
        Assert.That(describe().Hash.ToString(), Is.EqualTo(expected));

    [Test]
    public void JsonOfStringIsWhatRosidlHashes()
    {
        var description = TypeDescription.OfMessage("std_msgs/msg/String");

        Assert.That(description.ToHashableJson(), Is.EqualTo(
            """{"type_description": {"type_name": "std_msgs/msg/String", "fields": [{"name": "data", "type": {"type_id": 17, "capacity": 0, "string_capacity": 0, "nested_type_name": ""}}]}, "referenced_type_descriptions": []}"""));
    }

    [Test]
    public void JsonListsNestedTypesAfterTheRoot()
    {
        var registry = MessageRegistry.CreateDefault()
            .RegisterDefinition("p/msg/Inner", "int8 x\n")
            .RegisterDefinition("p/msg/Outer", "Inner[2] pair\n");

        Assert.That(TypeDescription.OfMessage("p/msg/Outer", registry).ToHashableJson(), Is.EqualTo(
            """{"type_description": {"type_name": "p/msg/Outer", "fields": [{"name": "pair", "type": {"type_id": 49, "capacity": 2, "string_capacity": 0, "nested_type_name": "p/msg/Inner"}}]}, "referenced_type_descriptions": [{"type_name": "p/msg/Inner", "fields": [{"name": "x", "type": {"type_id": 2, "capacity": 0, "string_capacity": 0, "nested_type_name": ""}}]}]}"""));
    }

    [TestCase("char c", 3, 0, 0)]
    [TestCase("byte b", 16, 0, 0)]
    [TestCase("bool b", 15, 0, 0)]
    [TestCase("float32 f", 10, 0, 0)]
    [TestCase("float64 f", 11, 0, 0)]
    [TestCase("uint64 u", 9, 0, 0)]
    [TestCase("string s", 17, 0, 0)]
    [TestCase("wstring s", 18, 0, 0)]
    [TestCase("string<=10 s", 21, 0, 10)]
    [TestCase("wstring<=7 s", 22, 0, 7)]
    [TestCase("int32[3] a", 6 + 48, 3, 0)]
    [TestCase("int32[<=3] a", 6 + 96, 3, 0)]
    [TestCase("int32[] a", 6 + 144, 0, 0)]
    [TestCase("char[16] gid", 3 + 48, 16, 0)]
    [TestCase("byte[] data", 16 + 144, 0, 0)]
    [TestCase("string<=5[2] a", 21 + 48, 2, 5)]
    [TestCase("string<=5[<=4] a", 21 + 96, 4, 5)]
    [TestCase("string<=5[] a", 21 + 144, 0, 5)]
    [TestCase("string[<=4] a", 17 + 96, 4, 0)]
    public void FieldTypeIdsFollowRosidl(string line, int typeId, int capacity, int stringCapacity)
    {
        var field = TypeDescriptionField.From(MessageDefinitionParser.Parse("p/msg/T", line).Fields.Single());

        Assert.That((field.TypeId, field.Capacity, field.StringCapacity, field.NestedTypeName), Is.EqualTo((typeId, capacity, stringCapacity, "")));
    }

    [Test]
    public void NestedFieldsNameTheirTypeAndReferencesAreTransitiveAndSorted()
    {
        var description = TypeDescription.OfMessage("rcl_interfaces/msg/ParameterEvent", Registry);

        Assert.That(description.Type.Fields.Select(f => (f.Name, f.TypeId, f.NestedTypeName)), Is.EqualTo(new[]
        {
            ("stamp", 1, "builtin_interfaces/msg/Time"), ("node", 17, ""), ("new_parameters", 145, "rcl_interfaces/msg/Parameter"),
            ("changed_parameters", 145, "rcl_interfaces/msg/Parameter"), ("deleted_parameters", 145, "rcl_interfaces/msg/Parameter"),
        }));
        Assert.That(description.ReferencedTypes.Select(t => t.TypeName), Is.EqualTo(new[]
        {
            "builtin_interfaces/msg/Time", "rcl_interfaces/msg/Parameter", "rcl_interfaces/msg/ParameterValue",
        }));
    }

    [Test]
    public void DefaultsAndConstantsLeaveTheHashAlone()
    {
        var bare = Hash("bool read_only\nint32 count\n");

        Assert.Multiple(() =>
        {
            Assert.That(Hash("bool read_only false\nint32 count 5\n"), Is.EqualTo(bare), "defaults");
            Assert.That(Hash("int32 MAX=10\nbool read_only\nstring NAME=\"x\"\nint32 count\n"), Is.EqualTo(bare), "constants");
            Assert.That(Hash("# a comment\nbool read_only  # why\n\nint32 count\n"), Is.EqualTo(bare), "comments");
            Assert.That(Hash("bool read_only\nint32 counter\n"), Is.Not.EqualTo(bare), "renamed field");
            Assert.That(Hash("int32 count\nbool read_only\n"), Is.Not.EqualTo(bare), "reordered fields");
            Assert.That(Hash("bool read_only\nint64 count\n"), Is.Not.EqualTo(bare), "retyped field");
        });

        static TypeHash Hash(string text) =>
            TypeDescription.OfMessage(MessageDefinitionSet.Parse("p/msg/T", text)).Hash;
    }

    [Test]
    public void RealDefaultAndConstantsDoNotMatterEither()
    {
        // ParameterDescriptor carries defaults (read_only false) and ListParameters a constant; strip them and compare.
        var stripped = JazzyInterfaces.Registry()
            .RegisterDefinition("rcl_interfaces/msg/ParameterDescriptor", JazzyInterfaces.ParameterDescriptor.Replace(" false", ""));
        var describe = ServiceTypeDescription.Parse("rcl_interfaces/srv/DescribeParameters", JazzyInterfaces.DescribeParameters, stripped);
        var list = ServiceTypeDescription.Parse("rcl_interfaces/srv/ListParameters",
            JazzyInterfaces.ListParameters.Replace("uint64 DEPTH_RECURSIVE=0", ""), stripped);

        Assert.That(describe.Response.Hash, Is.EqualTo(Service("rcl_interfaces/srv/DescribeParameters", JazzyInterfaces.DescribeParameters).Response.Hash));
        Assert.That(list.Request.Hash, Is.EqualTo(Service("rcl_interfaces/srv/ListParameters", JazzyInterfaces.ListParameters).Request.Hash));
    }

    [Test]
    public void ChangingAReferencedTypeChangesTheRootHash()
    {
        var changed = JazzyInterfaces.Registry()
            .RegisterDefinition("rcl_interfaces/msg/ParameterValue", JazzyInterfaces.ParameterValue.Replace("int64 integer_value", "int32 integer_value"));

        Assert.That(TypeDescription.OfMessage("rcl_interfaces/msg/ParameterEvent", changed).Hash,
            Is.Not.EqualTo(TypeDescription.OfMessage("rcl_interfaces/msg/ParameterEvent", Registry).Hash));
    }

    [Test]
    public void EmptyStructsHashTheirPlaceholderField()
    {
        var placeholder = TypeDescription.OfMessage(MessageDefinitionSet.Parse("p/msg/E", "uint8 structure_needs_at_least_one_member\n"));
        var empty = TypeDescription.OfMessage(MessageDefinitionSet.Parse("p/msg/E", ""));
        var onlyConstants = TypeDescription.OfMessage(MessageDefinitionSet.Parse("p/msg/E", "int32 A=1\nstring B=\"b\"\n"));

        Assert.That(empty.Type.Fields, Is.EqualTo(new[] { TypeDescriptionField.EmptyStructurePlaceholder }));
        Assert.That(empty.Hash, Is.EqualTo(placeholder.Hash));
        Assert.That(onlyConstants.Hash, Is.EqualTo(placeholder.Hash));
    }

    [Test]
    public void EmptyServiceRequestGetsThePlaceholderToo()
    {
        var trigger = ServiceTypeDescription.Parse("std_srvs/srv/Trigger", "---\nbool success\nstring message\n");

        Assert.That(trigger.Request.Type.Fields, Is.EqualTo(new[] { TypeDescriptionField.EmptyStructurePlaceholder }));
        Assert.That(trigger.Request.TypeName, Is.EqualTo("std_srvs/srv/Trigger_Request"));
    }

    [Test]
    public void ServiceComposesEventAndServiceTypes()
    {
        var add = Service("example_interfaces/srv/AddTwoInts", JazzyInterfaces.AddTwoInts);

        Assert.That(add.Service.Type.Fields.Select(f => (f.Name, f.TypeId, f.NestedTypeName)), Is.EqualTo(new[]
        {
            ("request_message", 1, "example_interfaces/srv/AddTwoInts_Request"),
            ("response_message", 1, "example_interfaces/srv/AddTwoInts_Response"),
            ("event_message", 1, "example_interfaces/srv/AddTwoInts_Event"),
        }));
        Assert.That(add.Event.Type.Fields.Select(f => (f.Name, f.TypeId, f.Capacity)), Is.EqualTo(new[]
        {
            ("info", 1, 0), ("request", 97, 1), ("response", 97, 1),
        }));
        Assert.That(add.Service.ReferencedTypes.Select(t => t.TypeName), Is.EqualTo(new[]
        {
            "builtin_interfaces/msg/Time", "example_interfaces/srv/AddTwoInts_Event", "example_interfaces/srv/AddTwoInts_Request",
            "example_interfaces/srv/AddTwoInts_Response", "service_msgs/msg/ServiceEventInfo",
        }));
        var info = add.Event.ReferencedTypes.Single(t => t.TypeName == "service_msgs/msg/ServiceEventInfo");
        Assert.That(info.Fields.Select(f => (f.Name, f.TypeId, f.Capacity)), Is.EqualTo(new[]
        {
            ("event_type", 3, 0), ("stamp", 1, 0), ("client_gid", 51, 16), ("sequence_number", 8, 0),
        }));
    }

    [Test]
    public void ParsedAndSpecFormsAgree()
    {
        var request = MessageDefinitionParser.Parse("example_interfaces/msg/Whatever", "int64 a\nint64 b\n");
        var response = MessageDefinitionParser.Parse("example_interfaces/msg/Other", "int64 sum\n");

        var fromSpecs = ServiceTypeDescription.Create("example_interfaces/srv/AddTwoInts", request, response);

        Assert.That(fromSpecs.Service.Hash, Is.EqualTo(Service("example_interfaces/srv/AddTwoInts", JazzyInterfaces.AddTwoInts).Service.Hash));
    }

    [Test]
    public void ActionComposesItsPartsUnderTheActionNamespace()
    {
        var fibonacci = Action("example_interfaces/action/Fibonacci", JazzyInterfaces.Fibonacci);

        Assert.That(fibonacci.Action.Type.Fields.Select(f => (f.Name, f.NestedTypeName)), Is.EqualTo(new[]
        {
            ("goal", "example_interfaces/action/Fibonacci_Goal"), ("result", "example_interfaces/action/Fibonacci_Result"),
            ("feedback", "example_interfaces/action/Fibonacci_Feedback"), ("send_goal_service", "example_interfaces/action/Fibonacci_SendGoal"),
            ("get_result_service", "example_interfaces/action/Fibonacci_GetResult"),
            ("feedback_message", "example_interfaces/action/Fibonacci_FeedbackMessage"),
        }));
        Assert.That(fibonacci.SendGoal.Request.ReferencedTypes.Select(t => t.TypeName), Is.EqualTo(new[]
        {
            "example_interfaces/action/Fibonacci_Goal", "unique_identifier_msgs/msg/UUID",
        }));
        Assert.That(fibonacci.GetResult.Response.Type.Fields.Select(f => (f.Name, f.TypeId)), Is.EqualTo(new[] { ("status", 2), ("result", 1) }));
    }

    [Test]
    public void ImplicitTypesNeedNoRegistration()
    {
        // A bare registry knows neither UUID nor ServiceEventInfo nor Time; the composition brings its own.
        var bare = new MessageRegistry();

        Assert.That(ActionTypeDescription.Parse("example_interfaces/action/Fibonacci", JazzyInterfaces.Fibonacci, bare).SendGoal.Request.Hash.ToString(),
            Is.EqualTo("RIHS01_3d088942b413247db536576f0286768c6be8fcd5d0c9a5d544f359fba090a238"));
    }

    [TestCase("example_interfaces/AddTwoInts")]
    [TestCase("example_interfaces/msg/AddTwoInts")]
    [TestCase("example_interfaces/srv/")]
    [TestCase("example_interfaces/srv/Add-Two")]
    public void RejectsBadServiceNames(string name)
    {
        var e = Assert.Throws<ArgumentException>(() => ServiceTypeDescription.Parse(name, JazzyInterfaces.AddTwoInts))!;

        Assert.That(e.Message, Does.Contain($"'{name}'").And.Contain("pkg/srv/Name"));
    }

    [Test]
    public void RejectsWrongSectionCounts()
    {
        var srv = Assert.Throws<MessageDefinitionException>(() => ServiceTypeDescription.Parse("p/srv/S", "int64 a\n"))!;
        var action = Assert.Throws<MessageDefinitionException>(() => ActionTypeDescription.Parse("p/action/A", "int64 a\n---\nint64 b\n"))!;

        Assert.That(srv.Message, Does.Contain("p/srv/S").And.Contain("expected 2 sections").And.Contain("found 1"));
        Assert.That(action.Message, Does.Contain("p/action/A").And.Contain("expected 3 sections").And.Contain("found 2"));
    }

    [Test]
    public void BadLineInAServiceNamesThePartAndLine()
    {
        var e = Assert.Throws<MessageDefinitionException>(() => ServiceTypeDescription.Parse("p/srv/S", "int64 a\n---\nint64\n"))!;

        Assert.That(e.Message, Does.StartWith("p/srv/S_Response line 3"));
    }

    [Test]
    public void UndefinedReferencedTypeIsNamedWithItsField()
    {
        var e = Assert.Throws<MessageDefinitionException>(() => ServiceTypeDescription.Parse("p/srv/S", "Missing thing\n---\nint64 b\n", new MessageRegistry()))!;

        Assert.That(e.Message, Does.Contain("p/srv/S_Request.thing").And.Contain("p/msg/Missing"));
    }
}
