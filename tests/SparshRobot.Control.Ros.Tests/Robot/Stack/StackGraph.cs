using SparshRobot.Ros.Dds;
using SparshRobot.Ros.Node;

namespace SparshRobot.Control.Ros.Tests.Robot.Stack;

/// <summary>A fake lab stack node and our client node on real DDS over loopback, spun by one executor until disposed.</summary>
internal sealed class StackGraph : IDisposable
{
    private readonly RosContext _context = new(new DdsTransport(new DdsTransportOptions((uint)Random.Shared.Next(100, 200), DiscoveryRange.Localhost)));
    private readonly Executor _executor = new();
    private readonly CancellationTokenSource _stop = new();
    private Task? _spin;

    public StackGraph(string stackNode)
    {
        Stack = new RosNode(_context, stackNode);
        Client = new RosNode(_context, "sparsh_robot_adapter");
        _executor.Add(Stack);
        _executor.Add(Client);
    }

    /// <summary>Hosts the fake controller_manager or servo_node services and topics.</summary>
    public RosNode Stack { get; }

    public RosNode Client { get; }

    /// <summary>Starts spinning; call after creating every endpoint.</summary>
    public void Spin() => _spin = Task.Run(() => _executor.Spin(_stop.Token));

    public static bool WaitUntil(Func<bool> condition, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                return false;
            }
            Thread.Sleep(10);
        }
        return true;
    }

    public void Dispose()
    {
        _stop.Cancel();
        _spin?.Wait(TimeSpan.FromSeconds(10));
        Client.Dispose();
        Stack.Dispose();
        _executor.Dispose();
        _context.Dispose();
    }
}
