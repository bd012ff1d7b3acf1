using SparshRobot.Control.Estimation;
using SparshRobot.Core.Time;
using SparshRobot.Ros.Messages;
using SparshRobot.Ros.Messages.SparshRobotMsgs;
using Header = SparshRobot.Ros.Messages.StdMsgs.Header;
using Time = SparshRobot.Ros.Messages.BuiltinInterfaces.Time;

namespace SparshRobot.Control.Ros.Tests;

public class FingerContactTests
{
    private static byte[] Hex(string hex) => Convert.FromHexString(hex.Replace(" ", "").Replace("|", ""));

    private static readonly FingerContact Sample = new(new Header(new Time(1, 2), "ab"), FingerContact.FingerIndex, true,
        8, -1, 0.5, 0, 2, 0.25, -1, 0.5, 4, 1, FingerContact.HealthStale);

    [Test]
    public void LayoutPadsTheDoublesToEightAfterFingerAndContact()
    {
        // Encapsulation | sec nanosec | "ab" | finger contact | 7 bytes to the 8-aligned first double (payload 24) | 10 doubles | health.
        var expected = Hex("00 01 00 00 | 01 00 00 00 02 00 00 00 | 03 00 00 00 61 62 00 | 01 01 | 00 00 00 00 00 00 00"
            + " | 00 00 00 00 00 00 20 40 | 00 00 00 00 00 00 f0 bf | 00 00 00 00 00 00 e0 3f | 00 00 00 00 00 00 00 00"
            + " | 00 00 00 00 00 00 00 40 | 00 00 00 00 00 00 d0 3f | 00 00 00 00 00 00 f0 bf | 00 00 00 00 00 00 e0 3f"
            + " | 00 00 00 00 00 00 10 40 | 00 00 00 00 00 00 f0 3f | 02");
        var bytes = RosSerializer.Serialize(Sample);
        Assert.Multiple(() =>
        {
            Assert.That(bytes, Is.EqualTo(expected));
            Assert.That(RosSerializer.Deserialize<FingerContact>(bytes), Is.EqualTo(Sample));
            Assert.That(RosSerializer.DdsTypeName(FingerContact.TypeName), Is.EqualTo("sparsh_robot_msgs::msg::dds_::FingerContact_"));
            Assert.That(MessageRegistry.Default.Get(FingerContact.TypeName).Serialize(Sample), Is.EqualTo(expected));
        });
    }

    [Test]
    public void HealthConstantsFollowFrameHealth()
    {
        Assert.That(Enum.GetValues<FrameHealth>().Select(h => (byte)h),
            Is.EqualTo(new[] { FingerContact.HealthOk, FingerContact.HealthNoFrame, FingerContact.HealthStale, FingerContact.HealthFrozen, FingerContact.HealthImplausible }));
    }

    [Test]
    public void EstimateRoundTripsThroughTheMessage()
    {
        var estimate = new FingerEstimate(Timestamp.FromSeconds(3.25, ClockKind.Wall), true, 21.5, -1.25, 0.5, 0.3, 1.2, 0.05, -0.1, 0.25, 3.5, 0.9, FrameHealth.Frozen);
        var message = estimate.ToMessage(FingerContact.FingerThumb, "digit_thumb");
        var back = RosSerializer.Deserialize<FingerContact>(RosSerializer.Serialize(message));
        Assert.Multiple(() =>
        {
            Assert.That(back.Header.FrameId, Is.EqualTo("digit_thumb"));
            Assert.That(back.Finger, Is.EqualTo(FingerContact.FingerThumb));
            Assert.That(back.ToEstimate(ClockKind.Wall), Is.EqualTo(estimate));
            Assert.That(() => (back with { Health = 9 }).ToEstimate(ClockKind.Wall), Throws.ArgumentException);
        });
    }
}
