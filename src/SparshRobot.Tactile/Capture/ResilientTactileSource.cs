using Polly;
using Polly.Retry;
using SparshRobot.Core.Time;
using SparshRobot.Tactile.Profiles;

namespace SparshRobot.Tactile.Capture;

/// <summary>Reconnect policy: exponential backoff between reopen attempts within one read.</summary>
public sealed record ReconnectOptions(int MaxAttemptsPerRead = 4, TimeSpan? FirstDelay = null, TimeSpan? MaxDelay = null)
{
    public TimeSpan FirstDelayOrDefault => FirstDelay ?? TimeSpan.FromMilliseconds(100);

    public TimeSpan MaxDelayOrDefault => MaxDelay ?? TimeSpan.FromSeconds(2);
}

/// <summary>
/// Turns a <see cref="IFrameGrabber"/> into an <see cref="ITactileSource"/>: stamps frames from a clock, numbers
/// them, and when the device stops delivering closes and reopens it with Polly exponential backoff. When a read's
/// retries are exhausted the source is <see cref="SourceHealth.Stale"/> and the read says so; the next read tries
/// again, so a replugged camera comes back without restarting the node.
/// </summary>
public sealed class ResilientTactileSource : ITactileSource
{
    private readonly IFrameGrabber _grabber;
    private readonly IClock _clock;
    private readonly ResiliencePipeline _pipeline;
    private bool _everOpened;
    private bool _failedSinceOpen;
    private Timestamp? _lastStamp;
    private long _sequence = -1;

    public ResilientTactileSource(string sensorId, SensorProfile profile, IFrameGrabber grabber, IClock clock, ReconnectOptions? reconnect = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(sensorId);
        SensorId = sensorId;
        Profile = profile;
        _grabber = grabber;
        _clock = clock;
        var options = reconnect ?? new ReconnectOptions();
        _pipeline = new ResiliencePipelineBuilder()
            .AddRetry(new RetryStrategyOptions
            {
                ShouldHandle = new PredicateBuilder().Handle<CaptureException>(),
                MaxRetryAttempts = options.MaxAttemptsPerRead,
                BackoffType = DelayBackoffType.Exponential,
                Delay = options.FirstDelayOrDefault,
                MaxDelay = options.MaxDelayOrDefault,
                UseJitter = false,
            })
            .Build();
    }

    public string SensorId { get; }

    public SensorProfile Profile { get; }

    public SourceHealth Health { get; private set; } = SourceHealth.NotStarted;

    public CaptureCounters Counters { get; } = new();

    public string Description => _grabber.Description;

    /// <summary>The device or file behind this source (e.g. a <see cref="VideoCaptureGrabber"/> with its negotiation).</summary>
    public IFrameGrabber Grabber => _grabber;

    /// <summary>
    /// Opens the device now, once and without retries, so that a sensor that is missing or may not be opened is
    /// reported at startup (the <see cref="CaptureException"/> says why) rather than as a source that stays stale.
    /// </summary>
    public void Open()
    {
        if (!_grabber.IsOpen)
        {
            _grabber.Open();
            _everOpened = true;
        }
    }

    public CaptureResult Read(CancellationToken cancellationToken = default)
    {
        if (Health == SourceHealth.Ended)
        {
            return new CaptureResult(CaptureStatus.Ended, null, $"{_grabber.Description}: no more frames");
        }
        RawImage? image;
        GrabStatus status;
        try
        {
            (status, image) = _pipeline.Execute(GrabOnce, cancellationToken);
        }
        catch (CaptureException e)
        {
            Health = SourceHealth.Stale;
            Counters.WentStale();
            return new CaptureResult(CaptureStatus.Stale, null, e.Message);
        }
        if (status == GrabStatus.EndOfStream)
        {
            Health = SourceHealth.Ended;
            return new CaptureResult(CaptureStatus.Ended, null, $"{_grabber.Description}: no more frames");
        }
        var stamp = _clock.Now();
        _sequence += FramesSinceLast(stamp);
        _lastStamp = stamp;
        Health = SourceHealth.Live;
        Counters.Delivered();
        return CaptureResult.Of(image!.ToFrame(SensorId, stamp, _sequence));
    }

    private (GrabStatus, RawImage?) GrabOnce(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (!_grabber.IsOpen)
        {
            _grabber.Open();
            if (_everOpened && _failedSinceOpen)
            {
                Counters.Reconnected();
            }
            _everOpened = true;
            _failedSinceOpen = false;
        }
        var status = _grabber.TryGrab(out var image, out var error);
        if (status == GrabStatus.Failed)
        {
            Counters.GrabFailed();
            _failedSinceOpen = true;
            _grabber.Close();
            throw new CaptureException(error ?? $"{_grabber.Description}: grab failed");
        }
        return (status, image);
    }

    /// <summary>
    /// Sequence numbers count native-rate frames: for a live camera a gap of k frame periods since the last frame
    /// means k-1 frames were dropped, and the temporal stride must count them.
    /// </summary>
    private long FramesSinceLast(Timestamp stamp)
    {
        if (_lastStamp is not { } last)
        {
            return 1;
        }
        var dt = stamp.Since(last);
        Counters.Interval(dt);
        if (!_grabber.IsLive)
        {
            return 1;
        }
        var periods = Math.Max(1, (long)Math.Round(dt.TotalSeconds * Profile.NativeFps));
        Counters.Dropped(periods - 1);
        return periods;
    }

    public void Dispose() => _grabber.Dispose();
}
