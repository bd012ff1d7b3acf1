using SparshRobot.Control.Ros;
using SparshRobot.Control.Supervision;
using SparshRobot.Core.Geometry;
using SparshRobot.Core.Time;

namespace SparshRobot.Control.Ros.Tests;

public class SupervisorEventTextTests
{
    [Test]
    public void AnEventReadsBackFromItsLineToTheLinesPrecision()
    {
        var e = new SupervisorEvent(Timestamp.FromSeconds(12.3456, ClockKind.Simulated), SupervisorState.JamRealign, SupervisorState.Tracking, FailureCode.Jam,
            "realigned; retrying (1 of 3)", new Vec3(0.12345, -0.00021, 0.3), 0.25678, Recovered: true);
        var line = SupervisorEventText.Format(e);
        Assert.That(line, Is.EqualTo("12.346 s: JamRealign -> Tracking (Jam, recovered): realigned; retrying (1 of 3); progress 0.2568 m at (0.1235, -0.0002, 0.3000)"));
        var back = SupervisorEventText.Parse(line, ClockKind.Simulated);
        Assert.That((back.From, back.To, back.Code, back.Reason, back.Recovered), Is.EqualTo((e.From, e.To, e.Code, e.Reason, true)));
        Assert.That(back.Time.TotalSeconds, Is.EqualTo(12.346).Within(1e-9));
        Assert.That(back.Progress, Is.EqualTo(0.2568));
        Assert.That((back.Position - new Vec3(0.1235, -0.0002, 0.3)).Norm, Is.LessThan(1e-12));
        var plain = SupervisorEventText.Parse(SupervisorEventText.Format(e with { Recovered = false, Reason = "" }), ClockKind.Simulated);
        Assert.That((plain.Recovered, plain.Reason), Is.EqualTo((false, "")));
    }

    [TestCase("state: Tracking, progress_m: 0.1")]
    [TestCase("1.000 s: Tracking -> Flying (Slip): x; progress 0.0000 m at (0.0000, 0.0000, 0.0000)")]
    public void ALineThatIsNoEventIsRefusedWithTheLineQuoted(string line) =>
        Assert.That(() => SupervisorEventText.Parse(line, ClockKind.Simulated),
            Throws.TypeOf<FormatException>().With.Message.StartsWith($"'{line}' is not a supervisor event"));
}
