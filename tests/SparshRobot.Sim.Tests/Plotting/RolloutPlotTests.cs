using SparshRobot.Sim.Faults;
using SparshRobot.Sim.Mazes;
using SparshRobot.Sim.Metrics;
using SparshRobot.Sim.Physics;
using SparshRobot.Sim.Plotting;
using SparshRobot.Sim.Teleop;
using SparshRobot.Testing;

namespace SparshRobot.Sim.Tests.Plotting;

[Category("sim")]
public class RolloutPlotTests
{
    [Test]
    public void WritesAPngOfTheRollout()
    {
        var maze = MazeCatalog.Resolve("s_curve", MazeDifficulty.Easy);
        var result = TeleopSession.Run(maze, 1, faults: new FaultPlan([new FaultSpec(FaultKind.FrictionDrop, 0.8, 3, 1)], 1));
        Assert.That(result.Events.Select(e => e.Kind), Does.Contain(RolloutEventKind.Slip), "a friction drop makes the bead slip");
        var path = Path.Combine(TestPaths.NewTempDirectory().FullName, "rollout.png");
        RolloutPlot.Save(maze, result, path);
        var bytes = File.ReadAllBytes(path);
        Assert.That(bytes.Take(8), Is.EqualTo(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A }));
        Assert.That(bytes, Has.Length.GreaterThan(20_000));
    }
}

[Category("sim")]
public class MetricsAccumulatorTests
{
    private static BeadState State(double s, bool slipping = false, bool jammed = false, double cross = 0) =>
        new(s, 0, default, default, true, slipping, jammed, jammed, default, 0, cross, 0, 0, default, 0);

    [Test]
    public void CountsOnsetsNotSteps()
    {
        var m = new MetricsAccumulator(0.02, 0.2);
        var t = 0.0;
        void Feed(int steps, Func<BeadState> state, GraspLoss loss = GraspLoss.None)
        {
            for (var i = 0; i < steps; i++)
            {
                t += 0.001;
                m.AddStep(t, state(), i == 0 ? loss : GraspLoss.None);
            }
        }
        Feed(100, () => State(0.05, slipping: true, cross: 2));
        Feed(50, () => State(0.05));
        Feed(10, () => State(0.05, slipping: true));
        Feed(200, () => State(0.06));
        Feed(10, () => State(0.06, slipping: true));
        Feed(50, () => State(0.06, jammed: true));
        Feed(500, () => State(0.07, jammed: true));
        Feed(1, () => State(0.07), GraspLoss.SlippedOff);
        Feed(1, () => State(0.07), GraspLoss.Released);
        m.AddTracking(0.001);
        m.AddTracking(0.003);
        var r = m.Result();
        Assert.That((r.Slips, r.Jams, r.Drops, r.Releases, r.Success), Is.EqualTo((2, 1, 1, 1, false)));
        Assert.That(r.Completion, Is.EqualTo((0.07 - 0.02) / 0.18).Within(1e-9));
        Assert.That(r.MaxCrossForce, Is.EqualTo(2));
        Assert.That((r.MeanTrackingError, r.MaxTrackingError), Is.EqualTo((0.002, 0.003)));
        Feed(1, () => State(0.199));
        Assert.That(m.Result().Success, Is.True);
    }
}
