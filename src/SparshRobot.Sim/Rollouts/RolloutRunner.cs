using SparshRobot.Core.Robot;
using SparshRobot.Sim.Hand;
using SparshRobot.Sim.Metrics;
using SparshRobot.Sim.Recording;
using SparshRobot.Sim.Simulation;

namespace SparshRobot.Sim.Rollouts;

/// <summary>Options of one rollout.</summary>
/// <param name="TimeLimit">Simulated seconds before giving up; null = 60 s plus 3 s per 10 cm of wire.</param>
/// <param name="Renderer">Draws the tactile images; null = physics only (no images, nothing recorded on the image topics).</param>
/// <param name="Sink">Receives every recorded topic; null = record nothing.</param>
/// <param name="TraceInterval">Physics steps between trace samples (0 = no trace).</param>
/// <param name="Cancellation">Stops the rollout early (a node shutting down); the result covers the time run.</param>
/// <param name="LostTimeout">Ends the rollout once the bead has been out of the hand this many simulated seconds (null: never).</param>
/// <param name="OnTactile">Sees every tactile tick with the truth at it and the frames delivered for it (labelled-touch recording).</param>
public sealed record RolloutOptions(double? TimeLimit = null, ITactileFrameRenderer? Renderer = null, IDemoSink? Sink = null, int TraceInterval = 10,
    CancellationToken Cancellation = default, double? LostTimeout = null,
    Action<TactileTick, GroundTruth, IReadOnlyList<Core.Sensing.TactileFrame>>? OnTactile = null, SimTicks PoseTicks = SimTicks.Observation);

/// <param name="StopReason">Why a rollout that did not succeed ended before its time limit (null when it ran to the limit or succeeded).</param>
public sealed record RolloutResult(string Maze, string Controller, RolloutMetrics Metrics, IReadOnlyList<RolloutEvent> Events, RolloutTrace Trace, long PhysicsSteps,
    int TactileFrames, string? StopReason = null);

/// <summary>
/// Runs a controller on the simulator in lock-step until the bead reaches the end stop or time runs out (or the bead
/// stayed out of the hand too long); renders tactile ticks (honouring fault flags), calls the controller on the ticks it
/// asks for with what a robot would report and the frames since its last call, and writes every teleop topic to the
/// sink, after each sensor's no-contact background.
/// </summary>
public static class RolloutRunner
{
    public static RolloutResult Run(BeadMazeSim sim, IMazeController controller, RolloutOptions? options = null)
    {
        options ??= new RolloutOptions();
        var wire = sim.Maze.Wire;
        var limit = options.TimeLimit ?? 60 + 30 * wire.Length;
        var metrics = new MetricsAccumulator(sim.Bead.S, wire.Length);
        var trace = new RolloutTrace();
        var sink = options.Sink;
        var streams = options.Renderer is { } renderer
            ? new[] { new TactileStream(Finger.Thumb, renderer), new TactileStream(Finger.Index, renderer) }
            : [];
        sink?.BeginEpisode($"{sim.Maze.Name}-{controller.Name}", DemoTopics.All);
        foreach (var stream in streams)
        {
            sink?.WriteBackground(stream.Background(sim.Clock.Now()));
        }
        var frames = 0;
        var rendered = new List<Core.Sensing.TactileFrame>();
        var lostSince = double.NaN;
        string? stopReason = null;
        while (sim.Time < limit && !metrics.Success && !options.Cancellation.IsCancellationRequested)
        {
            var ticks = sim.Step();
            var truth = sim.Truth;
            metrics.AddStep(sim.Time, truth.Bead, sim.LastGraspLoss);
            if (options.TraceInterval > 0 && sim.StepCount % options.TraceInterval == 0)
            {
                AddTrace(trace, sim);
            }
            if (options.LostTimeout is { } lostTimeout)
            {
                lostSince = truth.Bead.Grasped ? double.NaN : double.IsNaN(lostSince) ? sim.Time : lostSince;
                if (sim.Time - lostSince >= lostTimeout)
                {
                    stopReason = $"bead out of the hand for {lostTimeout:0.#} s";
                    break;
                }
            }
            if ((ticks & SimTicks.Tactile) != 0)
            {
                var tactile = sim.Tactile();
                var delivered = options.OnTactile is null ? null : new List<Core.Sensing.TactileFrame>(streams.Length);
                foreach (var stream in streams)
                {
                    if (stream.Next(tactile) is { } frame)
                    {
                        frames++;
                        rendered.Add(frame);
                        delivered?.Add(frame);
                        sink?.Write(stream.Finger == Finger.Thumb ? DemoTopics.ThumbImage : DemoTopics.IndexImage, frame.Stamp, new TactileImageMessage(frame));
                    }
                }
                options.OnTactile?.Invoke(tactile, truth, delivered!);
                sink?.Write(DemoTopics.GroundTruth, truth.Stamp, new GroundTruthMessage(truth));
            }
            if ((ticks & SimTicks.Observation) != 0)
            {
                metrics.AddTracking(wire.DistanceTo(truth.GraspPoint, truth.Bead.S, 0.05));
            }
            if ((ticks & options.PoseTicks) != 0)
            {
                var observation = sim.Observe();
                // The grip state goes first: a controller node acts when the pose arrives, with the grip state it has.
                sink?.Write(DemoTopics.GripperState, observation.Stamp, new GripForceMessage(observation.GripForce, observation.GripTarget, observation.FingerOffset));
                sink?.Write(DemoTopics.EePose, observation.Stamp, new PoseMessage(observation.EePose));
            }
            if ((ticks & controller.Ticks) != 0)
            {
                var observation = sim.Observe();
                var input = new ControllerInput(observation, streams.Length > 0 ? [.. rendered] : null);
                rendered.Clear();
                if (controller.Act(input) is { } command)
                {
                    sim.Command(command);
                    WriteCommand(sink, observation.Stamp, command);
                }
                if (controller.Stopped is { } why)
                {
                    // Nothing will move again: the rest of the time limit would only be waited out.
                    stopReason = why;
                    break;
                }
            }
        }
        var result = metrics.Result();
        sink?.EndEpisode(result.Success);
        return new RolloutResult(sim.Maze.Name, controller.Name, result, metrics.Events, trace, sim.StepCount, frames, result.Success ? null : stopReason);
    }

    private static void WriteCommand(IDemoSink? sink, Core.Time.Timestamp stamp, HandCommand command)
    {
        if (sink is null)
        {
            return;
        }
        if (command.PoseTarget is { } pose)
        {
            sink.Write(DemoTopics.EeTarget, stamp, new PoseMessage(pose));
        }
        if (command.TwistTarget is { } twist)
        {
            sink.Write(DemoTopics.EeTwist, stamp, new TwistMessage(twist));
        }
        if (command.GripTarget is { } grip)
        {
            sink.Write(DemoTopics.GripTarget, stamp, new GripTargetMessage(grip));
        }
    }

    private static void AddTrace(RolloutTrace trace, BeadMazeSim sim)
    {
        var truth = sim.Truth;
        trace.Time.Add(sim.Time);
        trace.Bead.Add(truth.Bead.Position);
        trace.Hand.Add(truth.GraspPoint);
        trace.TangentialForce.Add(truth.Bead.TangentialForce);
        trace.CrossForce.Add(truth.Bead.CrossForce);
        trace.FrictionLimit.Add(truth.Bead.FrictionLimit);
        trace.PadShear.Add(truth.Bead.PadShear);
        trace.Grip.Add(truth.GripForce);
        trace.GripTarget.Add(sim.Observe().GripTarget);
    }
}
