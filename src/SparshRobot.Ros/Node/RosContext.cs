using System.Runtime.InteropServices;
using SparshRobot.Core.Time;
using SparshRobot.Ros.Transport;

namespace SparshRobot.Ros.Node;

/// <summary>
/// What the nodes of one process share (rclcpp's Context): the transport, the process's ROS arguments, the clock,
/// and the shutdown signal that Ctrl-C / SIGTERM raise.
/// </summary>
public sealed class RosContext : IDisposable
{
    private readonly CancellationTokenSource _shutdown = new();
    private readonly bool _ownsTransport;

    public RosContext(ITransport transport, RosArguments? arguments = null, IClock? clock = null, bool ownsTransport = true)
    {
        Transport = transport;
        Arguments = arguments ?? RosArguments.Empty;
        Clock = clock ?? WallClock.Instance;
        _ownsTransport = ownsTransport;
    }

    /// <summary>Parses <paramref name="argv"/> and opens the configured transport (see <see cref="TransportFactory"/>).</summary>
    public static RosContext FromCommandLine(IReadOnlyList<string> argv, IClock? clock = null)
    {
        var arguments = RosArguments.Parse(argv);
        return new RosContext(TransportFactory.Create(TransportFactory.SelectKind(arguments)), arguments, clock);
    }

    public ITransport Transport { get; }

    public RosArguments Arguments { get; }

    /// <summary>The clock nodes stamp with and run timers on; the simulator passes its SimulatedClock.</summary>
    public IClock Clock { get; }

    public CancellationToken ShutdownToken => _shutdown.Token;

    public bool IsShutdown => _shutdown.IsCancellationRequested;

    public void Shutdown() => _shutdown.Cancel();

    /// <summary>Turns SIGINT (Ctrl-C) and SIGTERM into <see cref="Shutdown"/> until the returned handle is disposed.</summary>
    public IDisposable HandleSignals()
    {
        void OnSignal(PosixSignalContext signal)
        {
            signal.Cancel = true; // let spin loops return and clean up instead of the runtime killing the process
            Shutdown();
        }
        return new Registrations(
            PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal),
            PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal));
    }

    public void Dispose()
    {
        Shutdown();
        if (_ownsTransport)
        {
            Transport.Dispose();
        }
        _shutdown.Dispose();
    }

    private sealed class Registrations(params IDisposable[] items) : IDisposable
    {
        public void Dispose()
        {
            foreach (var item in items)
            {
                item.Dispose();
            }
        }
    }
}
