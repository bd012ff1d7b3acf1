using SparshRobot.Ros.Node;

namespace SparshRobot.Ros.Tests.Services;

/// <summary>A node whose executor spins on a background thread until disposed, so its services answer.</summary>
internal sealed class SpunNode : IDisposable
{
    private static readonly TimeSpan StopPatience = TimeSpan.FromSeconds(10);

    private readonly Executor _executor = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _spin;

    public SpunNode(RosContext context, string name, string ns = "", NodeOptions? options = null)
    {
        Node = new RosNode(context, name, ns, options);
        _executor.Add(Node);
        _spin = Task.Run(() => _executor.Spin(_stop.Token));
    }

    public RosNode Node { get; }

    public void Dispose()
    {
        _stop.Cancel();
        _spin.Wait(StopPatience);
        Node.Dispose();
        _executor.Dispose();
    }
}
