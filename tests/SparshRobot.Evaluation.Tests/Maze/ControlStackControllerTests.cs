using SparshRobot.Control;
using SparshRobot.Control.Estimation;
using SparshRobot.Control.Supervision;
using SparshRobot.Core.Geometry;
using SparshRobot.Core.Robot;
using SparshRobot.Core.Sensing;
using SparshRobot.Core.Time;
using SparshRobot.Evaluation.Maze;
using SparshRobot.Sim.Simulation;

namespace SparshRobot.Evaluation.Tests.Maze;

public class ControlStackControllerTests
{
    [Test]
    public void TheControllerStopsOnceTheSupervisorGaveUpIntoTheSafeHold()
    {
        // Both pads usable and feeling nothing: the bead is lost, and a budget of no reacquire attempts gives up at once.
        var options = MazeControlOptions.Default with { StartDirection = Vec3.UnitX, Supervisor = SupervisorOptions.Default with { BudgetLost = 0 } };
        using var controller = new ControlStackController(new ControlLoop(new MazeController(ControlStack.TactileServo, options), new NothingFelt()));
        var pose = new Pose3(new Vec3(0, 0, 0.3), Quat.Identity);
        for (var k = 0; k < 3; k++)
        {
            var stamp = Timestamp.FromSeconds(1 + k / 60.0, ClockKind.Simulated);
            controller.Act(new ControllerInput(new EeObservation(stamp, pose, 2.5, 2.5)));
            Assert.That(controller.Stopped, Is.Null, "still within the 50 ms a lost bead is given");
        }
        for (var k = 3; k < 10; k++)
        {
            controller.Act(new ControllerInput(new EeObservation(Timestamp.FromSeconds(1 + k / 60.0, ClockKind.Simulated), pose, 2.5, 2.5)));
        }
        Assert.That(controller.Loop.Controller.Supervisor.State, Is.EqualTo(SupervisorState.SafeHold));
        Assert.That(controller.Stopped, Does.Contain("BeadLost").And.Contain("retry budget of 0"));
    }

    /// <summary>Fresh, usable pads that touch nothing.</summary>
    private sealed class NothingFelt : ITactileEstimator
    {
        public string Name => "nothing";

        public TactileState Update(Timestamp now, IReadOnlyList<TactileFrame> frames)
        {
            var pad = new FingerEstimate(now, false, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, FrameHealth.Ok);
            return new TactileState(pad, pad);
        }

        public void Dispose()
        {
        }
    }
}
