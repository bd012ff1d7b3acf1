using System.Diagnostics;
using SparshRobot.Core.Geometry;
using SparshRobot.Core.Time;
using SparshRobot.Policy.Runtime;
using SparshRobot.Ros.Messages.GeometryMsgs;
using SparshRobot.Ros.Node;
using NavPath = SparshRobot.Ros.Messages.NavMsgs.Path;

namespace SparshRobot.Policy.Ros.Nodes;

/// <summary>Topics and rate of a <see cref="TactilePolicyNode"/>.</summary>
/// <param name="SensorTopics">One image topic per sensor, in the policy's sensor order; a name ending in <c>/compressed</c> carries JPEG CompressedImage.</param>
/// <param name="LockStep">
/// Plan on the observations' time instead of a wall-clock timer: the first pose of each control period (by its stamp)
/// starts a step, no deadline applies, and a step that is not ready publishes <see cref="TrajectoryPath.NoPlan"/>, so
/// a controller that holds a lock-stepped simulator for the plan is always answered.
/// </param>
public sealed record TactilePolicyNodeOptions(
    IReadOnlyList<string> SensorTopics,
    double RateHz,
    string EePoseTopic = "/robot/ee_pose",
    string OutputTopic = "/policy/ee_trajectory",
    string FrameId = "world",
    bool LockStep = false);

/// <summary>
/// The policy as a ROS 2 node: subscriptions only queue frames and keep the newest end-effector pose; a timer at the
/// control rate hands each step to a dedicated inference thread, never the executor's. A tick that finds the previous
/// inference still running is skipped and counted; a result ready after its deadline (tick + one period) is dropped
/// with a log line, so nothing stale is ever published. Each step publishes the planned trajectory as a nav_msgs/Path (see <see cref="TrajectoryPath"/>).
/// In lock-step (<see cref="TactilePolicyNodeOptions.LockStep"/>) the poses' stamps, not a timer, start the steps.
/// </summary>
public sealed class TactilePolicyNode : IDisposable
{
    private readonly RosNode _node;
    private readonly PolicyRunner _runner;
    private readonly TactilePolicyNodeOptions _options;
    private readonly Publisher<NavPath> _output;
    private readonly TactileImageSubscription[] _images;
    private readonly TimeSpan _period;
    private readonly SemaphoreSlim _work = new(0, 1);
    private readonly CancellationTokenSource _stop = new();
    private ObservedPose? _pose;
    private (long TickWall, ObservedPose Pose) _pending;
    private long _lastGridTick = long.MinValue;
    private int _busy;
    private string? _lastNotReady;
    private long _published;
    private long _skipped;
    private long _missed;
    private long _notReady;
    private double _inferenceMsTotal;
    private long _inferences;

    public TactilePolicyNode(RosNode node, PolicyRunner runner, TactilePolicyNodeOptions options)
    {
        var sensors = runner.Sensors;
        if (options.SensorTopics.Count != sensors.Count)
        {
            throw new ArgumentException(
                $"{node.FullyQualifiedName}: sensor_topics lists {options.SensorTopics.Count} topics [{string.Join(", ", options.SensorTopics)}]; the policy observes {sensors.Count} sensors [{string.Join(", ", sensors.Select(s => s.Name))}] (one topic each, in that order)");
        }
        if (!(options.RateHz > 0))
        {
            throw new ArgumentException($"{node.FullyQualifiedName}: rate_hz is {options.RateHz}, expected a positive rate");
        }
        _node = node;
        _runner = runner;
        _options = options;
        _period = TimeSpan.FromSeconds(1 / options.RateHz);
        _images = [.. sensors.Select((sensor, i) =>
            new TactileImageSubscription(node, options.SensorTopics[i], sensor.Name, sensor.Profile.NativeFps, frame => runner.PushFrame(sensor.Name, frame)))];
        var clock = node.Clock.Kind;
        node.CreateSubscription<PoseStamped>(options.EePoseTopic, m =>
        {
            var pose = new ObservedPose(m.Header.Stamp.ToTimestamp(clock), m.Pose.ToCore());
            Volatile.Write(ref _pose, pose);
            if (options.LockStep)
            {
                OnObservation(pose);
            }
        });
        _output = node.CreatePublisher<NavPath>(options.OutputTopic);
        Worker = Task.Factory.StartNew(WorkLoop, TaskCreationOptions.LongRunning);
        if (!options.LockStep)
        {
            node.CreateTimer(_period, OnTick);
        }
        node.Logger.Info($"policy at {options.RateHz} Hz{(options.LockStep ? " of observation time (lock-step)" : "")}: " +
            $"{string.Join(", ", options.SensorTopics)} + {options.EePoseTopic} -> {_output.Topic}");
    }

    /// <summary>The inference thread; faults if a step throws (a spec mismatch, a broken policy).</summary>
    public Task Worker { get; }

    public long Published => Interlocked.Read(ref _published);

    /// <summary>Ticks that found the previous inference still running.</summary>
    public long SkippedTicks => Interlocked.Read(ref _skipped);

    /// <summary>Results ready after their deadline, dropped unpublished.</summary>
    public long DeadlineMisses => Interlocked.Read(ref _missed);

    /// <summary>Ticks without an observation to act on (no pose yet, a sensor without fresh frames).</summary>
    public long NotReady => Interlocked.Read(ref _notReady);

    public double MeanInferenceMs => _inferences == 0 ? 0 : _inferenceMsTotal / _inferences;

    /// <summary>Compressed frames that did not decode and were dropped.</summary>
    public long UndecodableFrames => _images.Sum(i => i.Undecodable);

    /// <summary>Runs on the executor: hands the step over and returns at once.</summary>
    private void OnTick()
    {
        var tick = Stopwatch.GetTimestamp();
        if (Volatile.Read(ref _pose) is not { } pose)
        {
            ReportNotReady("no end-effector pose yet");
            return;
        }
        if (Interlocked.CompareExchange(ref _busy, 1, 0) != 0)
        {
            Interlocked.Increment(ref _skipped);
            _node.Logger.Warn("tick skipped: the previous inference is still running");
            return;
        }
        _pending = (tick, pose);
        _work.Release();
    }

    /// <summary>Lock-step: the first observation of each control period starts a step, with no deadline.</summary>
    private void OnObservation(ObservedPose pose)
    {
        var tick = PlannedTrajectory.GridTick(pose.Stamp, _options.RateHz);
        if (tick <= _lastGridTick)
        {
            return;
        }
        _lastGridTick = tick;
        if (Interlocked.CompareExchange(ref _busy, 1, 0) != 0)
        {
            Interlocked.Increment(ref _skipped);
            _node.Logger.Warn("observation skipped: the previous inference is still running");
            return;
        }
        _pending = (Stopwatch.GetTimestamp(), pose);
        _work.Release();
    }

    private void WorkLoop()
    {
        try
        {
            while (true)
            {
                _work.Wait(_stop.Token);
                try
                {
                    RunStep(_pending.TickWall, _pending.Pose);
                }
                finally
                {
                    Volatile.Write(ref _busy, 0);
                }
            }
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
        }
        catch (Exception e)
        {
            _node.Logger.Error($"inference failed: {e.Message}");
            throw;
        }
    }

    private void RunStep(long tickWall, ObservedPose pose)
    {
        var outcome = _runner.Step(pose.Stamp, pose.Pose.Position);
        if (outcome.Step is not { } step)
        {
            ReportNotReady(outcome.NotReady!);
            if (_options.LockStep)
            {
                _output.Publish(TrajectoryPath.NoPlan(pose.Stamp, _options.FrameId));
            }
            return;
        }
        _lastNotReady = null;
        _inferenceMsTotal += step.Timing.TotalMs;
        _inferences++;
        var late = Stopwatch.GetElapsedTime(tickWall) - _period;
        if (late > TimeSpan.Zero && !_options.LockStep)
        {
            Interlocked.Increment(ref _missed);
            _node.Logger.Warn($"missed deadline by {late.TotalMilliseconds:F0} ms (inference {step.Timing.TotalMs:F0} ms: preprocess {step.Timing.PreprocessMs:F0}, encode {step.Timing.EncodeMs:F0}, policy {step.Timing.PolicyMs:F0}); trajectory dropped");
            return;
        }
        _output.Publish(TrajectoryPath.ToPath(PlannedTrajectory.From(step, pose.Pose.Orientation, _options.RateHz), _options.FrameId));
        Interlocked.Increment(ref _published);
    }

    /// <summary>Logs a not-ready reason when it changes, not every tick.</summary>
    private void ReportNotReady(string reason)
    {
        Interlocked.Increment(ref _notReady);
        if (reason != _lastNotReady)
        {
            _lastNotReady = reason;
            _node.Logger.Info($"not acting: {reason}");
        }
    }

    public void Dispose()
    {
        _stop.Cancel();
        try
        {
            Worker.Wait();
        }
        catch (AggregateException)
        {
            // Already logged by the worker; disposal must not throw.
        }
        _node.Logger.Info($"policy node: {Published} trajectories published, {DeadlineMisses} missed deadlines, {SkippedTicks} skipped ticks, " +
            $"{NotReady} not-ready ticks, mean inference {MeanInferenceMs:F1} ms");
        _stop.Dispose();
        _work.Dispose();
    }

    private sealed record ObservedPose(Timestamp Stamp, Pose3 Pose);
}
