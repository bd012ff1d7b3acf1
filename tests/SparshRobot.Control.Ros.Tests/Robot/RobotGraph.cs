using System.Collections.Concurrent;
using SparshRobot.Ros.Node;
using SparshRobot.Ros.Transport;

namespace SparshRobot.Control.Ros.Tests.Robot;

/// <summary>A controller node and a robot node, spun until disposed.</summary>
internal sealed class RobotGraph : IDisposable
{
    private readonly Executor _executor = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _spin;

    public RobotGraph(Action<RosNode> wireRobot)
    {
        Context = new RosContext(new InProcessTransport());
        Controller = new RosNode(Context, "maze_controller");
        Robot = new RosNode(Context, "robot");
        wireRobot(Robot);
        _executor.Add(Controller);
        _executor.Add(Robot);
        _spin = Task.Run(() => _executor.Spin(_stop.Token));
    }

    public RosContext Context { get; }

    public RosNode Controller { get; }

    public RosNode Robot { get; }

    public void Dispose()
    {
        _stop.Cancel();
        _spin.Wait();
        _executor.Dispose();
        Robot.Dispose();
        Controller.Dispose();
        Context.Dispose();
    }

    /// <summary>The next item within 5 s.</summary>
    public static T Next<T>(BlockingCollection<T> received) =>
        received.TryTake(out var item, TimeSpan.FromSeconds(5)) ? item : throw new TimeoutException($"no {typeof(T).Name} within 5 s");
}
