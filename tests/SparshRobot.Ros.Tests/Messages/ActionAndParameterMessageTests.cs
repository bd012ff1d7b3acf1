using SparshRobot.Ros.Cdr;
using SparshRobot.Ros.Messages;
using SparshRobot.Ros.Messages.ActionMsgs;
using SparshRobot.Ros.Messages.BuiltinInterfaces;
using SparshRobot.Ros.Messages.RclInterfaces;
using SparshRobot.Ros.Messages.UniqueIdentifierMsgs;
using Value = SparshRobot.Ros.Parameters.ParameterValue;

namespace SparshRobot.Ros.Tests.Messages;

/// <summary>The helpers on the goal, duration and parameter records beyond their codecs.</summary>
public class ActionAndParameterMessageTests
{
    [Test]
    public void RandomUuidsAreVersionFourDistinctAndCompareByValue()
    {
        var ids = Enumerable.Range(0, 100).Select(_ => UUID.NewRandom()).ToArray();
        Assert.That(ids.Distinct().Count(), Is.EqualTo(100));
        Assert.That(ids.Select(id => (id.Uuid.Span[6] >> 4, id.Uuid.Span[8] >> 6)), Is.All.EqualTo((4, 2)), "version 4, RFC 4122 variant");
        var copy = new UUID(ids[0].Uuid.Span);
        Assert.That((copy, copy.GetHashCode()), Is.EqualTo((ids[0], ids[0].GetHashCode())));
        Assert.That(new HashSet<UUID>(ids) { copy }, Has.Count.EqualTo(100), "usable as a goal table key");
        Assert.That(ids[0].Uuid.ToArray().Length, Is.EqualTo(16));
        Assert.That((UUID.Zero.IsZero, ids[0].IsZero), Is.EqualTo((true, false)));
        Assert.That(SampleMessages.GoalId(0).ToString(), Is.EqualTo("00010203-0405-0607-0809-0a0b0c0d0e0f"));
    }

    [Test]
    public void UuidCopiesItsBytesAndRejectsAWrongLength()
    {
        var bytes = new byte[16];
        var id = new UUID(bytes);
        bytes[0] = 9;
        Assert.That(id.IsZero, Is.True, "later changes to the caller's array must not leak in");
        var e = Assert.Throws<ArgumentException>(() => _ = new UUID(new byte[15]));
        Assert.That(e!.Message, Does.Contain("exactly 16 bytes, got 15"));
    }

    [TestCase(1.25, 1, 250_000_000u)]
    [TestCase(-0.5, -1, 500_000_000u)]
    [TestCase(-2, -2, 0u)]
    [TestCase(0, 0, 0u)]
    public void DurationSplitsTimeSpansWithNonNegativeNanoseconds(double seconds, int sec, uint nanosec)
    {
        var duration = Duration.From(TimeSpan.FromSeconds(seconds));
        Assert.That(duration, Is.EqualTo(new Duration(sec, nanosec)));
        Assert.That(duration.ToTimeSpan(), Is.EqualTo(TimeSpan.FromSeconds(seconds)));
    }

    [Test]
    public void DurationRejectsSpansBeyondInt32Seconds()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => Duration.From(TimeSpan.FromSeconds(int.MaxValue + 1.0)));
        Assert.That(e!.Message, Does.Contain("int32 seconds"));
    }

    [Test]
    public void GoalStatusKnowsTerminalStates()
    {
        var terminal = Enumerable.Range(0, 7).Where(s => GoalStatus.IsTerminal((sbyte)s));
        Assert.That(terminal, Is.EqualTo(new[] { GoalStatus.StatusSucceeded, GoalStatus.StatusCanceled, GoalStatus.StatusAborted }));
    }

    [Test]
    public void ParameterValuesOfEveryTypeConvertBothWaysThroughTheWire()
    {
        Value[] values =
        [
            Value.NotSet, Value.Of(true), Value.Of(-7L), Value.Of(2.5), Value.Of("text"), Value.Of(new byte[] { 0, 255 }),
            Value.Of(new[] { true, false }), Value.Of(new[] { 1L, -2L }), Value.Of(new[] { 0.5, -1 }), Value.Of(new[] { "a", "" }),
        ];
        Assert.That(values.Select(v => v.Type).Distinct().Count(), Is.EqualTo(10), "one value of each ParameterType");
        foreach (var value in values)
        {
            var message = SparshRobot.Ros.Messages.RclInterfaces.ParameterValue.From(value);
            Assert.That(message.Type, Is.EqualTo((byte)value.Type));
            var decoded = RosSerializer.Deserialize<SparshRobot.Ros.Messages.RclInterfaces.ParameterValue>(RosSerializer.Serialize(message));
            Assert.That(decoded.ToValue(), Is.EqualTo(value), value.Type.ToString());
        }
    }

    [Test]
    public void UnknownParameterTypeIsNamed()
    {
        var message = SparshRobot.Ros.Messages.RclInterfaces.ParameterValue.From(Value.Of(1L)) with { Type = 10 };
        var e = Assert.Throws<FormatException>(() => message.ToValue());
        Assert.That(e!.Message, Does.Contain("type 10").And.Contain("0 to 9"));
    }

    [Test]
    public void BoolArraysRejectBytesOtherThanZeroAndOne()
    {
        var bytes = RosSerializer.Serialize(SparshRobot.Ros.Messages.RclInterfaces.ParameterValue.From(Value.Of(new[] { true, true })));
        // type, bool, pad, int64 @8, float64 @16, empty string @24, pad, empty byte[] @32, bool[] count @36, its bytes @40.
        Assert.That((bytes[4 + 36], bytes[4 + 40], bytes[4 + 41]), Is.EqualTo(((byte)2, (byte)1, (byte)1)));
        bytes[4 + 41] = 2;
        var e = Assert.Throws<CdrFormatException>(() => RosSerializer.Deserialize<SparshRobot.Ros.Messages.RclInterfaces.ParameterValue>(bytes));
        Assert.That(e!.Message, Does.Contain("ParameterValue.bool_array_value[1]").And.Contain("bool byte 2"));
    }

    [Test]
    public void DescriptorRangesAreBoundedToOne()
    {
        var descriptor = (ParameterDescriptor)SampleMessages.All["rcl_interfaces/msg/ParameterDescriptor"];
        var two = descriptor with { IntegerRange = [new IntegerRange(0, 1, 1), new IntegerRange(2, 3, 1)] };
        var e = Assert.Throws<ArgumentException>(() => RosSerializer.Serialize(two));
        Assert.That(e!.Message, Does.Contain("ParameterDescriptor.integer_range").And.Contain("at most 1").And.Contain("got 2"));

        // The same two ranges written by the (unbounded) dynamic encoder of a look-alike type are refused on reading.
        var registry = MessageRegistry.CreateDefault().RegisterDefinition(
            "rcl_interfaces/msg/LooseDescriptor", MessageRegistry.Default.Get(ParameterDescriptor.TypeName).Definition.Replace("[<=1]", "[]"));
        var tree = SparshRobot.Ros.Messages.Dynamic.DynamicMessageDecoder.ForType(ParameterDescriptor.TypeName).Decode(RosSerializer.Serialize(descriptor));
        tree["integer_range"] = new object[] { new Dictionary<string, object?>(), new Dictionary<string, object?>() };
        var loose = SparshRobot.Ros.Messages.Dynamic.DynamicMessageEncoder.ForType("rcl_interfaces/msg/LooseDescriptor", registry).Encode(tree);
        var read = Assert.Throws<CdrFormatException>(() => RosSerializer.Deserialize<ParameterDescriptor>(loose));
        Assert.That(read!.Message, Does.Contain("ParameterDescriptor.integer_range").And.Contain("count 2 exceeds the bound"));
    }
}
