using SparshRobot.Ros.Node;
using SparshRobot.Ros.Transport;
using SparshRobot.Sim.Ros.Nodes;

namespace SparshRobot.Sim.Ros.Tests.Nodes;

/// <summary>The simulator's command inputs on a node and a driver node beside it, spun until disposed.</summary>
internal sealed class SimRobot : IDisposable
{
    private readonly Executor _executor = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _spin;

    public SimRobot(TimeSpan? lockStep = null)
    {
        Context = new RosContext(new InProcessTransport());
        Node = new RosNode(Context, "bead_maze_sim");
        Driver = new RosNode(Context, "driver");
        Controller = new RosCommandController(Node, lockStep, _stop.Token);
        _executor.Add(Node);
        _executor.Add(Driver);
        _spin = Task.Run(() => _executor.Spin(_stop.Token));
    }

    public RosContext Context { get; }

    public RosNode Node { get; }

    public RosNode Driver { get; }

    public RosCommandController Controller { get; }

    /// <summary>Waits until the controller has taken <paramref name="count"/> commands in.</summary>
    public void AwaitReceived(long count)
    {
        var deadline = DateTime.UtcNow.AddSeconds(5);
        while (Controller.Received + Controller.MalformedCommands < count)
        {
            Assert.That(DateTime.UtcNow, Is.LessThan(deadline), $"only {Controller.Received} commands arrived");
            Thread.Sleep(1);
        }
    }

    public void Dispose()
    {
        _stop.Cancel();
        _spin.Wait();
        _executor.Dispose();
        Driver.Dispose();
        Node.Dispose();
        Context.Dispose();
    }
}
