using System.Buffers.Binary;
using SparshRobot.Ros.Cdr;
using SparshRobot.Ros.Messages;
using SparshRobot.Ros.Messages.ActionMsgs;
using SparshRobot.Ros.Messages.Actions;
using SparshRobot.Ros.Messages.BuiltinInterfaces;
using SparshRobot.Ros.Messages.ControlMsgs;
using SparshRobot.Ros.Messages.Dynamic;
using SparshRobot.Ros.Messages.ExampleInterfaces;
using SparshRobot.Ros.Messages.RclInterfaces;
using SparshRobot.Ros.Messages.StdSrvs;
using SparshRobot.Ros.Messages.UniqueIdentifierMsgs;

namespace SparshRobot.Ros.Tests.Messages;

/// <summary>
/// Byte layouts of service, action and parameter messages (docs/ros2.md, "Services"). Service bodies follow rmw's
/// 16-byte request header {uint64 guid, int64 seq}, written here the way the service runtime composes them.
/// </summary>
public class ServiceActionLayoutTests
{
    private const ulong Guid = 0x1122334455667788;

    private static byte[] Hex(string hex) => Convert.FromHexString(hex.Replace(" ", "").Replace("|", ""));

    /// <summary>Encapsulation, request header (guid, seq 1), then the body as the typed record writes it.</summary>
    private static byte[] WithHeader<T>(T body)
        where T : IRosMessage<T>
    {
        var writer = new CdrWriter();
        writer.WriteUInt64(Guid);
        writer.WriteInt64(1);
        body.Serialize(writer);
        var bytes = writer.ToArray();
        // The dynamic encoder appends the same body after the same header, byte for byte.
        var dynamic = new CdrWriter();
        dynamic.WriteUInt64(Guid);
        dynamic.WriteInt64(1);
        var tree = DynamicMessageDecoder.ForType(T.TypeName).Decode(RosSerializer.Serialize(body));
        DynamicMessageEncoder.ForType(T.TypeName).Encode(tree, dynamic);
        Assert.That(dynamic.ToArray(), Is.EqualTo(bytes), $"{T.TypeName}: dynamic body after the header");
        return bytes;
    }

    /// <summary>Reads a body back after skipping the header, checking the header survived.</summary>
    private static T ReadBody<T>(byte[] bytes)
        where T : IRosMessage<T>
    {
        var reader = new CdrReader(bytes);
        Assert.That((reader.ReadUInt64(), reader.ReadInt64()), Is.EqualTo((Guid, 1L)));
        var body = T.Deserialize(ref reader);
        Assert.That(reader.Remaining, Is.LessThanOrEqualTo(3));
        return body;
    }

    private static ReadOnlySpan<byte> Payload(byte[] bytes) => bytes.AsSpan(CdrWriter.HeaderSize);

    private const string Header = "00 01 00 00 | 88 77 66 55 44 33 22 11 | 01 00 00 00 00 00 00 00";

    [Test]
    public void AddTwoIntsBodiesMatchTheWorkedExample()
    {
        var request = WithHeader(new AddTwoIntsRequest(2, 3));
        Assert.That(request, Is.EqualTo(Hex($"{Header} | 02 00 00 00 00 00 00 00 | 03 00 00 00 00 00 00 00")));
        Assert.That(ReadBody<AddTwoIntsRequest>(request), Is.EqualTo(new AddTwoIntsRequest(2, 3)));
        var reply = WithHeader(new AddTwoIntsResponse(5));
        Assert.That(reply, Is.EqualTo(Hex($"{Header} | 05 00 00 00 00 00 00 00")));
        Assert.That(ReadBody<AddTwoIntsResponse>(reply).Sum, Is.EqualTo(5));
    }

    [Test]
    public void EmptyPartsCarryTheirOneDummyByte()
    {
        Assert.That(WithHeader(TriggerRequest.Instance), Is.EqualTo(Hex($"{Header} | 00")), "21 bytes; rmw pads to 24");
        Assert.That(WithHeader(EmptyRequest.Instance), Has.Length.EqualTo(21));
        Assert.That(WithHeader(EmptyResponse.Instance), Has.Length.EqualTo(21));
        Assert.That(RosSerializer.Serialize(SparshRobot.Ros.Messages.StdMsgs.Empty.Instance), Is.EqualTo(Hex("00 01 00 00 | 00")));
        Assert.That(RosSerializer.Serialize(SparshRobot.Ros.Messages.RclInterfaces.ParameterType.Instance), Is.EqualTo(Hex("00 01 00 00 | 00")));
        Assert.That(ReadBody<TriggerRequest>([.. WithHeader(TriggerRequest.Instance), 0, 0, 0]), Is.EqualTo(TriggerRequest.Instance));
        var e = Assert.Throws<CdrFormatException>(() => RosSerializer.Deserialize<EmptyRequest>(Hex("00 01 00 00")));
        Assert.That(e!.Message, Does.Contain("std_srvs/srv/Empty_Request.structure_needs_at_least_one_member"));
    }

    [Test]
    public void ListParametersRequestAlignsDepthToEight()
    {
        var bytes = WithHeader(new ListParametersRequest([], ListParametersRequest.DepthRecursive));
        Assert.That(bytes, Is.EqualTo(Hex($"{Header} | 00 00 00 00 | 00 00 00 00 | 00 00 00 00 00 00 00 00")));
    }

    [Test]
    public void GripperCommandActionMessagesMatchTheLayoutTable()
    {
        var id = SampleMessages.GoalId(0x10);
        var sendGoal = WithHeader(new SendGoalRequest<GripperCommandGoal>(id, new GripperCommandGoal(new GripperCommand(0.04, 10))));
        Assert.That(Payload(sendGoal).Length, Is.EqualTo(48));
        Assert.That(Payload(sendGoal)[16..32].ToArray(), Is.EqualTo(id.Uuid.ToArray()));
        Assert.That(BinaryPrimitives.ReadDoubleLittleEndian(Payload(sendGoal)[32..]), Is.EqualTo(0.04));
        Assert.That(BinaryPrimitives.ReadDoubleLittleEndian(Payload(sendGoal)[40..]), Is.EqualTo(10));

        var accepted = WithHeader(new SendGoalResponse<GripperCommandGoal>(true, new Time(7, 8)));
        Assert.That(Payload(accepted)[16..].ToArray(), Is.EqualTo(Hex("01 00 00 00 | 07 00 00 00 | 08 00 00 00")), "bool, pad to 20, sec, nanosec");

        Assert.That(Payload(WithHeader(new GetResultRequest<GripperCommandResult>(id))).Length, Is.EqualTo(32));

        var result = WithHeader(new GetResultResponse<GripperCommandResult>(GoalStatus.StatusSucceeded, new GripperCommandResult(0.01, 2.5, true, false)));
        Assert.That(Payload(result).Length, Is.EqualTo(42));
        Assert.That(Payload(result)[16..24].ToArray(), Is.EqualTo(Hex("04 00 00 00 00 00 00 00")), "status, pad to 24");
        Assert.That(BinaryPrimitives.ReadDoubleLittleEndian(Payload(result)[32..]), Is.EqualTo(2.5));
        Assert.That(Payload(result)[40..].ToArray(), Is.EqualTo(Hex("01 00")));

        var feedback = RosSerializer.Serialize(new FeedbackMessage<GripperCommandFeedback>(id, new GripperCommandFeedback(0.02, 1, false, true)));
        Assert.That(Payload(feedback).Length, Is.EqualTo(34), "a topic: no request header");
        Assert.That(BinaryPrimitives.ReadDoubleLittleEndian(Payload(feedback)[16..]), Is.EqualTo(0.02));
        Assert.That(Payload(feedback)[32..].ToArray(), Is.EqualTo(Hex("00 01")));
    }

    [Test]
    public void CancelGoalMessagesMatchTheLayoutTable()
    {
        var request = WithHeader(new CancelGoalRequest(new GoalInfo(SampleMessages.GoalId(1), new Time(3, 4))));
        Assert.That(Payload(request).Length, Is.EqualTo(40));
        Assert.That(BinaryPrimitives.ReadInt32LittleEndian(Payload(request)[32..]), Is.EqualTo(3));

        var response = WithHeader(new CancelGoalResponse(CancelGoalResponse.ErrorGoalTerminated, [
            new GoalInfo(SampleMessages.GoalId(1), new Time(5, 6)), new GoalInfo(SampleMessages.GoalId(2), new Time(7, 8)),
        ]));
        var payload = Payload(response);
        Assert.That(payload[16..24].ToArray(), Is.EqualTo(Hex("03 00 00 00 | 02 00 00 00")), "return code, pad to 20, count");
        Assert.That(payload[24..40].ToArray(), Is.EqualTo(SampleMessages.GoalId(1).Uuid.ToArray()));
        Assert.That(BinaryPrimitives.ReadInt32LittleEndian(payload[40..]), Is.EqualTo(5));
        Assert.That(payload[48..64].ToArray(), Is.EqualTo(SampleMessages.GoalId(2).Uuid.ToArray()));
        Assert.That(payload.Length, Is.EqualTo(72));
    }

    [Test]
    public void GoalStatusArrayPacksTheSecondUuidAt29AndItsStampAt48()
    {
        var bytes = RosSerializer.Serialize(new GoalStatusArray([
            new GoalStatus(new GoalInfo(SampleMessages.GoalId(0x20), new Time(1, 2)), GoalStatus.StatusExecuting),
            new GoalStatus(new GoalInfo(SampleMessages.GoalId(0x40), new Time(3, 4)), GoalStatus.StatusAborted),
        ]));
        var payload = Payload(bytes);
        Assert.That(BinaryPrimitives.ReadUInt32LittleEndian(payload), Is.EqualTo(2));
        Assert.That(payload[4..20].ToArray(), Is.EqualTo(SampleMessages.GoalId(0x20).Uuid.ToArray()));
        Assert.That((BinaryPrimitives.ReadInt32LittleEndian(payload[20..]), payload[28]), Is.EqualTo((1, (byte)2)));
        Assert.That(payload[29..45].ToArray(), Is.EqualTo(SampleMessages.GoalId(0x40).Uuid.ToArray()));
        Assert.That(payload[45..48].ToArray(), Is.All.EqualTo(0), "padding before the second stamp");
        Assert.That((BinaryPrimitives.ReadInt32LittleEndian(payload[48..]), BinaryPrimitives.ReadUInt32LittleEndian(payload[52..])), Is.EqualTo((3, 4u)));
        Assert.That((payload[56], payload.Length), Is.EqualTo(((byte)6, 57)));
    }

    [Test]
    public void GetParametersResponseMatchesTheWorkedExample()
    {
        var value = SparshRobot.Ros.Messages.RclInterfaces.ParameterValue.From(SparshRobot.Ros.Parameters.ParameterValue.Of(5L));
        var payload = Payload(WithHeader(new GetParametersResponse([value])));
        Assert.That(payload.Length, Is.EqualTo(68));
        Assert.That(BinaryPrimitives.ReadUInt32LittleEndian(payload[16..]), Is.EqualTo(1), "values count");
        Assert.That((payload[20], payload[21]), Is.EqualTo(((byte)2, (byte)0)), "type, bool_value");
        Assert.That(BinaryPrimitives.ReadInt64LittleEndian(payload[24..]), Is.EqualTo(5));
        Assert.That(BinaryPrimitives.ReadDoubleLittleEndian(payload[32..]), Is.EqualTo(0));
        Assert.That(payload[40..48].ToArray(), Is.EqualTo(Hex("01 00 00 00 | 00 | 00 00 00")), "empty string_value, pad to 48");
        Assert.That(payload[48..68].ToArray(), Is.All.EqualTo(0), "five empty sequences");
    }
}
