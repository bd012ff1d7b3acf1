using SparshRobot.Control.Estimation;
using SparshRobot.Core.Geometry;
using SparshRobot.Core.Sensing;

namespace SparshRobot.Control.Tests.Estimation;

public class EstimatorScoreTests
{
    [Test]
    public void ErrorsAreMeanAbsoluteOverUsableEstimatesAndAnglesCompareAsLines()
    {
        var truth = new ContactState(IndenterShape.Cylinder, 2, new Vec3(0.2, -0.1, 0), new Vec3(1, -1, 0), 6, new Vec3(Math.Cos(1.5), Math.Sin(1.5), 0));
        var score = new EstimatorScore();
        // Angle -1.5 rad is 0.14 rad (8.1 deg) from 1.5 rad as a line, not 3 rad.
        score.Add(Estimate(normal: 2.5, x: 1.5, angle: -1.5, slip: 0.9), truth, slipping: true);
        score.Add(Estimate(normal: 1.5, x: 0.5, angle: 1.5, slip: 0.1), truth, slipping: true);
        score.Add(Estimate(normal: 9, x: 9, angle: 0, slip: 0.9) with { Health = FrameHealth.Stale, Confidence = 0 }, truth, slipping: false);
        var report = score.Report();
        Assert.That(report.Estimates, Is.EqualTo(3));
        Assert.That(report.UsableFraction, Is.EqualTo(2 / 3.0).Within(1e-12));
        Assert.That(report.NormalErrorN, Is.EqualTo(0.5).Within(1e-12));
        Assert.That(report.OffsetXErrorMm, Is.EqualTo(0.5).Within(1e-12));
        Assert.That(report.AngleErrorDeg, Is.EqualTo((Math.PI - 3) / 2 * 180 / Math.PI).Within(1e-9));
        // One hit, one miss, no false alarm: F1 = 2 / 3.
        Assert.That(report.SlipF1, Is.EqualTo(2 / 3.0).Within(1e-12));
        Assert.That(report.ContactAccuracy, Is.EqualTo(1.0));
    }

    private static FingerEstimate Estimate(double normal, double x, double angle, double slip) =>
        new(default, true, 10, x, -1, angle, normal, 0.2, -0.1, slip, 0, 0.8, FrameHealth.Ok);
}
