using System.Diagnostics;
using System.Globalization;
using SparshRobot.Core.Sensing;
using SparshRobot.Ros.Messages.DiagnosticMsgs;
using SparshRobot.Ros.Messages.SensorMsgs;
using SparshRobot.Ros.Messages.StdMsgs;
using SparshRobot.Ros.Node;
using SparshRobot.Ros.Transport;
using SparshRobot.Tactile.Calibration;
using SparshRobot.Tactile.Capture;
using SparshRobot.Tactile.Compression;
using SparshRobot.Tactile.Profiles;
using RosTime = SparshRobot.Ros.Messages.BuiltinInterfaces.Time;

namespace SparshRobot.Tactile.Ros.Drivers;

/// <summary>What a <see cref="TactileDriver"/> publishes and checks.</summary>
/// <param name="Serial">The sensor's serial: diagnostics' hardware id and its calibration folder name.</param>
/// <param name="FrameId">header.frame_id of every image.</param>
/// <param name="ImageTopic">Raw image topic; the compressed one is <c>&lt;ImageTopic&gt;/compressed</c> as image_transport names it.</param>
/// <param name="Transports"><see cref="Raw"/> and/or <see cref="Compressed"/>.</param>
/// <param name="Encoding">Raw image encoding, rgb8 or bgr8.</param>
/// <param name="CalibrationRoot">Where <c>&lt;serial&gt;/</c> calibrations live; null: no calibration checks.</param>
public sealed record TactileDriverOptions(
    string Serial,
    SensorProfile Profile,
    string FrameId,
    string ImageTopic,
    IReadOnlyList<string> Transports,
    string Encoding,
    int JpegQuality,
    string? CalibrationRoot,
    TimeSpan CalibrationMaxAge,
    double CalibrationMeanTolerance,
    TimeSpan DiagnosticsPeriod)
{
    public const string Raw = "raw";
    public const string Compressed = "compressed";
}

/// <summary>
/// A tactile sensor on the ROS graph: reads frames through a <see cref="ResilientTactileSource"/> (stamped on the
/// node's clock when captured, reopened with backoff after an unplug), publishes each as sensor_msgs/Image and/or a
/// JPEG CompressedImage with the configured frame id, reports on <c>/diagnostics</c> every
/// <see cref="TactileDriverOptions.DiagnosticsPeriod"/>, and checks the sensor's calibration for age and, on the first
/// frame, for drifted image statistics. A recorded (not live) source is paced to the profile's rate.
/// </summary>
public sealed class TactileDriver : IDisposable
{
    private readonly RosNode _node;
    private readonly IFrameGrabber _grabber;
    private readonly TactileDriverOptions _options;
    private readonly PixelEncoding _encoding;
    private readonly ResilientTactileSource _source;
    private readonly Publisher<Image>? _raw;
    private readonly Publisher<CompressedImage>? _compressed;
    private readonly JpegFrameEncoder _jpeg;
    private readonly Publisher<DiagnosticArray> _diagnostics;
    private readonly CaptureDiagnostics _status;
    private readonly Stopwatch _sinceReport = new();
    private readonly object _reportLock = new();
    private SensorCalibration? _calibration;
    private volatile string _calibrationState = "none";

    public TactileDriver(RosNode node, IFrameGrabber grabber, TactileDriverOptions options)
    {
        _node = node;
        _grabber = grabber;
        _options = options;
        _encoding = PixelEncodings.FromRosName(options.Encoding);
        if (_encoding is not (PixelEncoding.Rgb8 or PixelEncoding.Bgr8))
        {
            throw new ArgumentException($"{node.FullyQualifiedName}: parameter 'encoding' is '{options.Encoding}'; expected rgb8 or bgr8");
        }
        var unknown = options.Transports.Except([TactileDriverOptions.Raw, TactileDriverOptions.Compressed]).ToArray();
        if (unknown.Length > 0 || options.Transports.Count == 0)
        {
            throw new ArgumentException($"{node.FullyQualifiedName}: parameter 'transports' is [{string.Join(", ", options.Transports)}]; expected one or both of raw, compressed");
        }
        _jpeg = new JpegFrameEncoder(options.JpegQuality);
        _source = new ResilientTactileSource(options.FrameId, options.Profile, grabber, node.Clock);
        if (options.Transports.Contains(TactileDriverOptions.Raw))
        {
            _raw = node.CreatePublisher<Image>(options.ImageTopic, QosProfile.SensorData);
        }
        if (options.Transports.Contains(TactileDriverOptions.Compressed))
        {
            _compressed = node.CreatePublisher<CompressedImage>(options.ImageTopic + "/compressed", QosProfile.SensorData);
        }
        _diagnostics = node.CreatePublisher<DiagnosticArray>("/diagnostics");
        _status = new CaptureDiagnostics($"{node.Name}: {options.Profile.Name} {options.Serial}", options.Serial, _source) { Extra = ExtraValues };
    }

    public CaptureCounters Counters => _source.Counters;

    /// <summary>
    /// Opens the sensor (a failure is fatal here, with the fix in the log: no serial, permissions), then publishes
    /// until cancelled or a recorded source ends. Returns the process exit code.
    /// </summary>
    public int Run(CancellationToken cancellation)
    {
        try
        {
            _source.Open();
        }
        catch (CaptureException e)
        {
            _node.Logger.Error(e.Message);
            return 1;
        }
        _node.Logger.Info($"{_grabber.Description}: {(_grabber is V4l2SerialGrabber { Negotiation: { } n } ? n.ToString() : "recorded source")}; publishing " +
            string.Join(", ", new[] { _raw?.Topic, _compressed?.Topic }.OfType<string>()) + $" as frame '{_options.FrameId}'");
        LoadCalibration();
        using var timer = _node.CreateTimer(_options.DiagnosticsPeriod, Report);
        using var executor = new Executor();
        executor.Add(_node);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        var spin = Task.Run(() => executor.Spin(stop.Token), CancellationToken.None);
        _sinceReport.Start();
        try
        {
            Capture(cancellation);
        }
        finally
        {
            stop.Cancel();
            spin.Wait(CancellationToken.None);
            Report();
        }
        _node.Logger.Info($"{_grabber.Description}: {_source.Counters}");
        return 0;
    }

    private void Capture(CancellationToken cancellation)
    {
        var period = TimeSpan.FromSeconds(1 / _options.Profile.NativeFps);
        var sinceFrame = Stopwatch.StartNew();
        var stale = false;
        var first = true;
        while (!cancellation.IsCancellationRequested)
        {
            if (!_grabber.IsLive && sinceFrame.Elapsed < period)
            {
                // A camera blocks until its next frame; a recording is played at the rate the camera would deliver.
                cancellation.WaitHandle.WaitOne(period - sinceFrame.Elapsed);
            }
            CaptureResult result;
            try
            {
                result = _source.Read(cancellation);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            switch (result.Status)
            {
                case CaptureStatus.Frame:
                    sinceFrame.Restart();
                    if (stale)
                    {
                        _node.Logger.Info($"{_grabber.Description}: frames again ({_source.Counters.Reconnects} reconnects so far)");
                        stale = false;
                    }
                    Publish(result.Frame!, first);
                    first = false;
                    break;
                case CaptureStatus.Stale:
                    _status.Problem = result.Reason;
                    if (!stale)
                    {
                        _node.Logger.Warn($"{result.Reason}; retrying (check the cable; the by-id link returns when it is replugged)");
                        stale = true;
                    }
                    break;
                case CaptureStatus.Ended:
                    _node.Logger.Info(result.Reason ?? "source ended");
                    return;
            }
        }
    }

    private void Publish(TactileFrame frame, bool first)
    {
        if (frame.Encoding != _encoding)
        {
            var image = new RawImage(frame.Width, frame.Height, frame.Encoding, frame.Pixels.ToArray());
            frame = new TactileFrame(frame.SensorId, frame.Stamp, frame.Sequence, frame.Width, frame.Height, _encoding,
                _encoding == PixelEncoding.Rgb8 ? image.ToRgb() : image.ToBgr());
        }
        if (first && _calibration?.StatisticsWarning(frame, _options.CalibrationMeanTolerance) is { } drift)
        {
            _calibrationState = "live image differs";
            _node.Logger.Warn(drift);
        }
        _raw?.Publish(Image.From(frame));
        if (_compressed is not null)
        {
            var (format, jpeg) = _jpeg.Encode(frame);
            _compressed.Publish(new CompressedImage(new Header(RosTime.From(frame.Stamp), frame.SensorId), format, jpeg));
        }
    }

    private void LoadCalibration()
    {
        if (_options.CalibrationRoot is not { } root)
        {
            return;
        }
        try
        {
            _calibration = SensorCalibration.Load(root, _options.Serial, _options.Profile);
            var age = _calibration.AgeWarning(DateTime.UtcNow, _options.CalibrationMaxAge);
            _calibrationState = age is null ? "ok" : "old";
            if (age is not null)
            {
                _node.Logger.Warn(age);
            }
            else
            {
                _node.Logger.Info($"calibration {_calibration.Directory} from {_calibration.Metadata.CapturedUtc:yyyy-MM-dd}");
            }
        }
        catch (Exception e) when (e is IOException or InvalidDataException or BackgroundMismatchException or ArgumentException)
        {
            _calibrationState = "unusable";
            _node.Logger.Warn($"sensor {_options.Serial}: {e.Message}");
        }
    }

    private IEnumerable<KeyValue> ExtraValues()
    {
        yield return new KeyValue("device", _grabber.Description);
        yield return new KeyValue("calibration", _calibrationState);
        if (_calibration is not null)
        {
            yield return new KeyValue("calibration_age_days", _calibration.Age(DateTime.UtcNow).TotalDays.ToString("F1", CultureInfo.InvariantCulture));
        }
        if (_grabber is V4l2SerialGrabber { Negotiation: { } negotiation })
        {
            yield return new KeyValue("negotiation", negotiation.ToString());
        }
    }

    /// <summary>One report over the time since the last (timer thread, and once more at the end).</summary>
    private void Report()
    {
        lock (_reportLock)
        {
            var status = _status.Report(_sinceReport.Elapsed);
            _sinceReport.Restart();
            _diagnostics.Publish(new DiagnosticArray(new Header(RosTime.From(_node.Clock.Now()), ""), [status]));
        }
    }

    public void Dispose() => _source.Dispose();
}
