using System.Diagnostics;

namespace SparshRobot.Ros.Bags;

public sealed record PlaybackOptions
{
    /// <summary>Playback speed: 2 plays twice as fast as recorded.</summary>
    public double Rate { get; init; } = 1.0;

    /// <summary>Start again from the beginning when the bag ends (until cancelled).</summary>
    public bool Loop { get; init; }

    public IReadOnlyList<string>? Topics { get; init; }
}

/// <summary>Time for playback; the real one is <see cref="StopwatchPlaybackClock"/>.</summary>
public interface IPlaybackClock
{
    /// <summary>Time since playback started.</summary>
    TimeSpan Elapsed { get; }

    /// <summary>Waits until <see cref="Elapsed"/> reaches <paramref name="target"/>.</summary>
    Task WaitUntilAsync(TimeSpan target, CancellationToken cancellationToken);
}

public sealed class StopwatchPlaybackClock : IPlaybackClock
{
    private readonly Stopwatch _watch = Stopwatch.StartNew();

    public TimeSpan Elapsed => _watch.Elapsed;

    public async Task WaitUntilAsync(TimeSpan target, CancellationToken cancellationToken)
    {
        var wait = target - _watch.Elapsed;
        if (wait > TimeSpan.FromMilliseconds(1))
        {
            await Task.Delay(wait, cancellationToken).ConfigureAwait(false);
        }

        cancellationToken.ThrowIfCancellationRequested();
    }
}

/// <summary>The bag side of <c>bag play</c>: replays messages at their recorded spacing divided by the rate,
/// optionally looping, and hands each to a publish callback (the ROS 2 transport, wired by the CLI). Timing is
/// against the playback start, so a slow publish does not accumulate drift.</summary>
public sealed class BagPlayer(RosBag bag, PlaybackOptions options, IPlaybackClock? clock = null)
{
    private readonly IPlaybackClock _clock = clock ?? new StopwatchPlaybackClock();

    /// <summary>Plays the bag; returns the number of messages published.</summary>
    public async Task<long> PlayAsync(Func<BagMessage, CancellationToken, ValueTask> publish, CancellationToken cancellationToken)
    {
        if (options.Rate <= 0 || double.IsNaN(options.Rate))
        {
            throw new ArgumentOutOfRangeException(nameof(options), $"rate must be > 0, got {options.Rate}");
        }

        long published = 0;
        TimeSpan offset = TimeSpan.Zero;
        do
        {
            long? first = null;
            TimeSpan last = offset;
            foreach (var m in bag.ReadMessages(options.Topics))
            {
                first ??= m.LogTimeNs;
                var due = offset + TimeSpan.FromTicks((long)((m.LogTimeNs - first.Value) / 100 / options.Rate));
                await _clock.WaitUntilAsync(due, cancellationToken).ConfigureAwait(false);
                await publish(m, cancellationToken).ConfigureAwait(false);
                published++;
                last = due;
            }

            if (first is null)
            {
                break; // nothing to play: looping would spin
            }

            offset = last > _clock.Elapsed ? last : _clock.Elapsed;
        }
        while (options.Loop && !cancellationToken.IsCancellationRequested);

        return published;
    }
}
