using System.Collections.Concurrent;

namespace SparshRobot.Ros.Node;

/// <summary>Something with pending work that an executor runs: a subscription with messages, a timer that fired.</summary>
internal interface IExecutable
{
    /// <summary>Runs one unit of pending work (one message, one timer tick) and re-notifies if more is pending.</summary>
    void Execute();
}

/// <summary>
/// Runs node callbacks. Transport threads only queue work; callbacks run on the executor's threads: one by default
/// (callbacks never overlap, as rclcpp's SingleThreadedExecutor), or N with <c>threads &gt; 1</c>, where different
/// entities run in parallel but one subscription or timer never runs concurrently with itself (as a
/// MutuallyExclusive callback group per entity). Timers are checked against each node's clock by a timer thread, so
/// a simulated clock drives them in simulated time. An exception from a callback stops <see cref="Spin"/> and is
/// rethrown from it, as rclcpp does.
/// </summary>
public sealed class Executor : IDisposable
{
    private readonly BlockingCollection<IExecutable> _ready = new(new ConcurrentQueue<IExecutable>());
    private readonly List<RosNode> _nodes = [];
    private readonly SemaphoreSlim _timerWake = new(0);

    public Executor(int threads = 1)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(threads, 1);
        Threads = threads;
    }

    public int Threads { get; }

    public void Add(RosNode node)
    {
        lock (_nodes)
        {
            if (node.Executor is not null)
            {
                throw new InvalidOperationException($"node '{node.FullyQualifiedName}' already belongs to an executor");
            }
            _nodes.Add(node);
            node.Executor = this;
        }
        node.NotifyPending();
        WakeTimers();
    }

    public void Remove(RosNode node)
    {
        lock (_nodes)
        {
            if (_nodes.Remove(node))
            {
                node.Executor = null;
            }
        }
    }

    internal void Schedule(IExecutable work) => _ready.Add(work);

    internal void WakeTimers() => _timerWake.Release();

    /// <summary>Runs callbacks until <paramref name="cancellation"/> fires (e.g. <see cref="RosContext.ShutdownToken"/>).</summary>
    public void Spin(CancellationToken cancellation)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        Exception? failure = null;
        void Work()
        {
            try
            {
                while (_ready.TryTake(out var work, Timeout.Infinite, stop.Token))
                {
                    work.Execute();
                }
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
            }
            catch (Exception e)
            {
                Interlocked.CompareExchange(ref failure, e, null);
                stop.Cancel();
            }
        }
        var threads = Enumerable.Range(0, Threads - 1).Select(i => new Thread(Work) { IsBackground = true, Name = $"executor-{i + 1}" }).ToList();
        var timer = new Thread(() => TimerLoop(stop.Token)) { IsBackground = true, Name = "executor-timers" };
        timer.Start();
        threads.ForEach(t => t.Start());
        Work();
        stop.Cancel();
        threads.ForEach(t => t.Join());
        timer.Join();
        if (failure is not null)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(failure).Throw();
        }
    }

    /// <summary>
    /// Runs ready callbacks on the calling thread (firing due timers first) until nothing is ready within
    /// <paramref name="wait"/>; returns how many ran. For tests and for loops that own their thread.
    /// </summary>
    public int SpinSome(TimeSpan wait)
    {
        var count = 0;
        FireDueTimers();
        while (_ready.TryTake(out var work, wait))
        {
            work.Execute();
            count++;
            FireDueTimers();
        }
        return count;
    }

    private void TimerLoop(CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            var sleep = FireDueTimers();
            try
            {
                _timerWake.Wait(sleep, stop);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>Notifies due timers; returns how long to sleep before the next check.</summary>
    private TimeSpan FireDueTimers()
    {
        List<RosTimer> timers;
        lock (_nodes)
        {
            timers = [.. _nodes.SelectMany(n => n.Timers)];
        }
        var sleep = TimeSpan.FromMilliseconds(100);
        foreach (var timer in timers)
        {
            var untilDue = timer.Poll();
            if (untilDue < sleep)
            {
                sleep = untilDue;
            }
        }
        return sleep < TimeSpan.Zero ? TimeSpan.Zero : sleep;
    }

    public void Dispose()
    {
        lock (_nodes)
        {
            foreach (var node in _nodes)
            {
                node.Executor = null;
            }
            _nodes.Clear();
        }
        _ready.Dispose();
        _timerWake.Dispose();
    }
}

/// <summary>Coalescing notification: an entity is in the ready queue at most once and never runs concurrently.</summary>
internal abstract class Executable(RosNode node) : IExecutable
{
    private int _scheduled;

    protected RosNode Node { get; } = node;

    protected abstract bool HasPending { get; }

    protected abstract void RunOne();

    public void Notify()
    {
        var executor = Node.Executor;
        if (executor is not null && HasPending && Interlocked.Exchange(ref _scheduled, 1) == 0)
        {
            executor.Schedule(this);
        }
    }

    public void Execute()
    {
        try
        {
            RunOne();
        }
        finally
        {
            Volatile.Write(ref _scheduled, 0);
            Notify();
        }
    }
}
