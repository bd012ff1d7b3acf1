using System.Collections.Concurrent;
using System.Globalization;
using SparshRobot.Core.Sensing;
using SparshRobot.Ros.Dds;
using SparshRobot.Ros.Launch;
using SparshRobot.Ros.Messages.DiagnosticMsgs;
using SparshRobot.Ros.Messages.SensorMsgs;
using SparshRobot.Ros.Node;
using SparshRobot.Ros.Transport;
using SparshRobot.Tactile.Calibration;
using SparshRobot.Tactile.Capture;
using SparshRobot.Tactile.Profiles;
using SparshRobot.Tactile.Ros.Drivers;
using SparshRobot.Tactile.Tests.Capture;
using SparshRobot.Testing;
using RosTime = SparshRobot.Ros.Messages.BuiltinInterfaces.Time;

namespace SparshRobot.Tactile.Ros.Tests.Drivers;

/// <summary>
/// <c>digit_driver</c> end to end over DDS with a recorded frame source in place of the camera (the real V4L2 open
/// needs a DIGIT and is not testable here): a folder of frames made from the real DIGIT no-contact image, played at
/// 60 fps, with a simulated unplug from <see cref="FaultInjectingGrabber"/>.
/// </summary>
public class DigitDriverTests
{
    private const int Frames = 120;

    private DirectoryInfo _dir = null!;

    [SetUp]
    public void SetUp() => _dir = TestPaths.NewTempDirectory("sparsh-digit-driver");

    [TearDown]
    public void TearDown() => _dir.Delete(recursive: true);

    private static RosArguments Parameters(params string[] assignments) =>
        RosArguments.Parse(["--ros-args", .. assignments.SelectMany(a => new[] { "-p", a })]);

    /// <summary>The real no-contact frame, brightened by a frame-dependent step so every frame differs.</summary>
    private string RecordedFrames()
    {
        var folder = Directory.CreateDirectory(Path.Combine(_dir.FullName, "frames")).FullName;
        var background = RawImage.Read(TestPaths.DigitBackground);
        for (var i = 0; i < Frames; i++)
        {
            var pixels = background.Pixels.Select(v => (byte)Math.Min(255, v + i % 4)).ToArray();
            (background with { Pixels = pixels }).Write(Path.Combine(folder, $"frame_{i:D4}.png"));
        }
        return folder;
    }

    private static async Task<(int Code, string Log)> RunDriver(NodeRegistry registry, RosContext context, RosArguments arguments)
    {
        Assert.That(registry.TryGet(TactileDriverNodes.DigitDriver, out var entry), Is.True);
        var log = new StringWriter();
        var code = await Task.Run(() => entry.Main(new NodeLaunchContext(context, arguments, TextWriter.Synchronized(log), CancellationToken.None)));
        TestContext.Out.WriteLine(log.ToString());
        return (code, log.ToString());
    }

    private static long Nanoseconds(RosTime t) => t.Sec * 1_000_000_000L + t.Nanosec;

    private static string Value(DiagnosticStatus status, string key) => status.Values.Single(v => v.Key == key).Value;

    [Test]
    [CancelAfter(60_000)]
    public async Task PublishesStampedImagesAndDiagnosticsAndReportsAnUnplugAsAReconnect()
    {
        var frames = RecordedFrames();
        // Calibrated long ago from the same frames, so the age warns and the statistics match.
        var calibration = new BackgroundCalibrator(SensorProfile.Digit.Name, frameCount: 3);
        using (var recorded = new ResilientTactileSource("D20001", SensorProfile.Digit, new ImageFolderGrabber(frames, SensorProfile.Digit), Core.Time.MonotonicClock.Instance))
        {
            BackgroundCalibrationRun.Run(recorded, calibration, maxReads: 20);
        }
        BackgroundStore.Save(Path.Combine(_dir.FullName, "calibration"), "D20001", calibration.Compute(), frames, DateTime.UtcNow.AddDays(-40));
        var registry = new NodeRegistry().RegisterTactileDriverNodes(_ =>
            new FaultInjectingGrabber(new ImageFolderGrabber(frames, SensorProfile.Digit), failFromGrab: 40, failedGrabs: 3));
        using var context = new RosContext(new DdsTransport(new DdsTransportOptions((uint)Random.Shared.Next(100, 200), DiscoveryRange.Localhost)));
        using var observer = new RosNode(context, "observer");
        var images = new ConcurrentQueue<Image>();
        var compressed = new ConcurrentQueue<CompressedImage>();
        var diagnostics = new ConcurrentQueue<DiagnosticStatus>();
        observer.CreateSubscription<Image>("/tactile/thumb/image_raw", images.Enqueue, QosProfile.SensorData);
        observer.CreateSubscription<CompressedImage>("/tactile/thumb/image_raw/compressed", compressed.Enqueue, QosProfile.SensorData);
        observer.CreateSubscription<DiagnosticArray>("/diagnostics", d => { foreach (var s in d.Status) { diagnostics.Enqueue(s); } });
        using var executor = new Executor();
        executor.Add(observer);
        using var stop = new CancellationTokenSource();
        var spin = Task.Run(() => executor.Spin(stop.Token));
        await Task.Delay(500); // discovery, so the first frames are not published to nobody

        var (code, log) = await RunDriver(registry, context, RosArguments.Parse(["--ros-args", "-r", "__ns:=/tactile/thumb",
            "-p", "serial:=D20001", "-p", "frame_id:=digit_thumb", "-p", $"calibration_root:={Path.Combine(_dir.FullName, "calibration")}"]));
        await Task.Delay(300);
        await stop.CancelAsync();
        await spin;

        var stamps = images.Select(i => Nanoseconds(i.Header.Stamp)).ToList();
        var reports = diagnostics.ToList();
        Assert.Multiple(() =>
        {
            Assert.That(code, Is.Zero);
            Assert.That(images, Has.Count.InRange(Frames * 0.8, Frames), "best-effort on localhost loses few, if any");
            Assert.That(images.Select(i => (i.Header.FrameId, i.Encoding, i.Width, i.Height)).Distinct(), Is.EqualTo(new[] { ("digit_thumb", "rgb8", 240u, 320u) }));
            Assert.That(stamps, Is.Ordered.Ascending.And.Unique, "capture stamps increase");
            Assert.That(Math.Abs(stamps[0] / 1e9 - DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() / 1e3), Is.LessThan(60), "stamped on the node's (wall) clock");
            Assert.That((stamps[^1] - stamps[0]) / 1e9, Is.InRange(Frames / 60.0 * 0.9, Frames / 60.0 + 3), "played at 60 fps, plus the reconnect");
            Assert.That(compressed.Select(c => (c.Header.FrameId, c.Format)).Distinct(), Is.EqualTo(new[] { ("digit_thumb", "rgb8; jpeg compressed bgr8") }));
            Assert.That(reports, Has.Count.GreaterThanOrEqualTo(2), "1 Hz reports over the 2-3 s run, and a last one");
            Assert.That(reports.Select(r => (r.Name, r.HardwareId)).Distinct(), Is.EqualTo(new[] { ("digit_driver: digit D20001", "D20001") }));
            Assert.That(reports.Select(r => Value(r, "requested_fps")).Distinct(), Is.EqualTo(new[] { "60" }));
            Assert.That(reports.Max(r => double.Parse(Value(r, "achieved_fps"), CultureInfo.InvariantCulture)), Is.GreaterThan(30));
            Assert.That(Value(reports[^1], "reconnects"), Is.EqualTo("1"), "the unplug shows as one reconnect");
            Assert.That(reports.Any(r => r.Level == DiagnosticStatus.Warn && r.Message.StartsWith("reconnected", StringComparison.Ordinal)), Is.True);
            Assert.That(Value(reports[^1], "calibration"), Is.EqualTo("old"));
            Assert.That(log, Does.Contain("40 days old").And.Not.Contain("no longer matches"));
        });
    }

    [Test]
    public void AStaleSourceReportsErrorWithTheReason()
    {
        var grabber = new ImageFolderGrabber(Path.Combine(_dir.FullName, "absent"), SensorProfile.Digit);
        using var source = new ResilientTactileSource("D1", SensorProfile.Digit, grabber, Core.Time.MonotonicClock.Instance,
            new ReconnectOptions(1, TimeSpan.FromMilliseconds(1), TimeSpan.FromMilliseconds(1)));
        var diagnostics = new CaptureDiagnostics("digit_driver: digit D1", "D1", source);
        Assert.That(diagnostics.Report(TimeSpan.FromSeconds(1)).Level, Is.EqualTo(DiagnosticStatus.Warn), "before the first frame");

        var read = source.Read();
        diagnostics.Problem = read.Reason;
        var status = diagnostics.Report(TimeSpan.FromSeconds(1));

        Assert.That(read.Status, Is.EqualTo(CaptureStatus.Stale));
        Assert.That(status.Level, Is.EqualTo(DiagnosticStatus.Error));
        Assert.That(status.Message, Does.StartWith("no frames: ").And.Contain("absent"));
        Assert.That(Value(status, "stale_events"), Is.EqualTo("1"));
    }

    [Test]
    public async Task WithoutTheSensorTheDriverExitsWithTheSerialsItFound()
    {
        var byId = Directory.CreateDirectory(Path.Combine(_dir.FullName, "v4l", "by-id")).FullName;
        File.WriteAllText(Path.Combine(_dir.FullName, "video0"), "");
        File.CreateSymbolicLink(Path.Combine(byId, "usb-Digit_DIGIT_D20025-video-index0"), "../../video0");
        var registry = new NodeRegistry().RegisterTactileDriverNodes();
        using var context = new RosContext(new InProcessTransport());

        var (code, log) = await RunDriver(registry, context, Parameters("serial:=D20001", $"by_id_dir:={byId}"));

        Assert.That(code, Is.EqualTo(1));
        Assert.That(log, Does.Contain("no V4L2 camera with serial or name 'D20001'").And.Contain("serials found: D20025"));
    }

    [Test]
    public void ParametersOutsideTheirValuesAreRefusedByName()
    {
        var registry = new NodeRegistry().RegisterTactileDriverNodes(_ => new ImageFolderGrabber(_dir.FullName, SensorProfile.Digit));
        using var context = new RosContext(new InProcessTransport());
        var noSerial = Assert.ThrowsAsync<ArgumentException>(() => RunDriver(registry, context, Parameters()));
        Assert.That(noSerial!.Message, Does.Contain("'serial' is required"));
        var encoding = Assert.ThrowsAsync<ArgumentException>(() => RunDriver(registry, context, Parameters("serial:=D1", "encoding:=mono8")));
        Assert.That(encoding!.Message, Does.Contain("'encoding' is 'mono8'; expected rgb8 or bgr8"));
        var transports = Assert.ThrowsAsync<ArgumentException>(() => RunDriver(registry, context, Parameters("serial:=D1", "transports:=[raw, theora]")));
        Assert.That(transports!.Message, Does.Contain("[raw, theora]"));
    }
}
