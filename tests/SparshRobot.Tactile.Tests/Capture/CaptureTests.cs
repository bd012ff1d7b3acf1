using SparshRobot.Core.Sensing;
using SparshRobot.Core.Time;
using SparshRobot.Tactile.Capture;
using SparshRobot.Tactile.Profiles;
using SparshRobot.Tactile.Simulation;
using SparshRobot.Testing;
using static SparshRobot.Tactile.Tests.TactileTestData;

namespace SparshRobot.Tactile.Tests.Capture;

public class CaptureTests
{
    private DirectoryInfo _dir = null!;

    [SetUp]
    public void SetUp() => _dir = TestPaths.NewTempDirectory("sparsh-capture");

    [TearDown]
    public void TearDown() => _dir.Delete(recursive: true);

    /// <summary>A folder of DIGIT sensor frames whose every byte is the frame number.</summary>
    private string NumberedFolder(int count)
    {
        var folder = Directory.CreateDirectory(Path.Combine(_dir.FullName, "frames")).FullName;
        for (var i = 0; i < count; i++)
        {
            var pixels = Enumerable.Repeat((byte)(10 * i), 240 * 320 * 3).ToArray();
            new RawImage(240, 320, PixelEncoding.Bgr8, pixels).Write(Path.Combine(folder, $"frame_{i:D3}.png"));
        }
        return folder;
    }

    private static readonly ReconnectOptions Fast = new(MaxAttemptsPerRead: 2, FirstDelay: TimeSpan.FromMilliseconds(1), MaxDelay: TimeSpan.FromMilliseconds(4));

    [Test]
    public void AFileSourceThatFailsMidStreamReportsStaleThenRecoversWithoutRepeatingFrames()
    {
        var grabber = new FaultInjectingGrabber(new ImageFolderGrabber(NumberedFolder(8), SensorProfile.Digit), failFromGrab: 4, failedGrabs: 6);
        using var source = new ResilientTactileSource("digit-test", SensorProfile.Digit, grabber, MonotonicClock.Instance, Fast);
        var frames = new List<TactileFrame>();
        var statuses = new List<CaptureStatus>();
        for (var i = 0; i < 12; i++)
        {
            var result = source.Read();
            statuses.Add(result.Status);
            if (result.Frame is { } f)
            {
                frames.Add(f);
            }
            if (result.Status == CaptureStatus.Stale)
            {
                Assert.That(source.Health, Is.EqualTo(SourceHealth.Stale));
                Assert.That(result.Frame, Is.Null, "a stale read never hands out an old frame");
                Assert.That(result.Reason, Does.Contain("injected"));
            }
        }
        // 3 attempts per read (a grab, then reopens): 6 failed attempts make exactly two stale reads, then it is back.
        Assert.That(statuses, Is.EqualTo(new[]
        {
            CaptureStatus.Frame, CaptureStatus.Frame, CaptureStatus.Frame, CaptureStatus.Frame,
            CaptureStatus.Stale, CaptureStatus.Stale,
            CaptureStatus.Frame, CaptureStatus.Frame, CaptureStatus.Frame, CaptureStatus.Frame,
            CaptureStatus.Ended, CaptureStatus.Ended,
        }));
        Assert.That(frames.Select(f => f.Pixels.Span[0]), Is.EqualTo(new byte[] { 0, 10, 20, 30, 40, 50, 60, 70 }), "every file exactly once, in order");
        Assert.That(frames.Select(f => f.Sequence), Is.EqualTo(Enumerable.Range(0, 8).Select(i => (long)i)));
        Assert.That(frames.Zip(frames.Skip(1)).All(p => p.First.Stamp < p.Second.Stamp), "monotonic timestamps");
        Assert.That(frames.All(f => f.Stamp.Clock == ClockKind.Monotonic));
        Assert.That(source.Counters.GrabFailures, Is.EqualTo(1), "one failed grab; the other attempts were refused reopens");
        Assert.That(source.Counters.StaleEvents, Is.EqualTo(2));
        Assert.That(source.Counters.Reconnects, Is.EqualTo(1));
        Assert.That(source.Counters.FramesDelivered, Is.EqualTo(8));
        Assert.That(source.Health, Is.EqualTo(SourceHealth.Ended));
    }

    [Test]
    public void AVideoFileThatFailsMidStreamResumesAfterTheLastDeliveredFrame()
    {
        var path = Path.Combine(_dir.FullName, "digit.avi");
        using (var writer = new OpenCvSharp.VideoWriter(path, OpenCvSharp.FourCC.MJPG, 30, new OpenCvSharp.Size(240, 320)))
        {
            Assert.That(writer.IsOpened(), "OpenCV can write MJPEG AVI");
            for (var i = 0; i < 6; i++)
            {
                using var mat = new OpenCvSharp.Mat(320, 240, OpenCvSharp.MatType.CV_8UC3, OpenCvSharp.Scalar.All(30 * i + 20));
                writer.Write(mat);
            }
        }
        var grabber = new FaultInjectingGrabber(VideoCaptureGrabber.VideoFile(path, SensorProfile.Digit), failFromGrab: 2, failedGrabs: 3);
        using var source = new ResilientTactileSource("video", SensorProfile.Digit, grabber, MonotonicClock.Instance, Fast);
        var levels = new List<int>();
        var stale = 0;
        for (var i = 0; i < 10 && source.Health != SourceHealth.Ended; i++)
        {
            var result = source.Read();
            stale += result.Status == CaptureStatus.Stale ? 1 : 0;
            if (result.Frame is { } frame)
            {
                Assert.That((frame.Width, frame.Height), Is.EqualTo((240, 320)));
                levels.Add(frame.Pixels.Span[1000]);
            }
        }
        Assert.That(stale, Is.EqualTo(1));
        Assert.That(levels, Has.Count.EqualTo(6), "each video frame once");
        for (var i = 0; i < levels.Count; i++)
        {
            Assert.That(levels[i], Is.EqualTo(30 * i + 20).Within(4), $"frame {i} (JPEG-compressed)");
        }
        Assert.That(source.Counters.Reconnects, Is.EqualTo(1));
    }

    [Test]
    public void AFolderImageOfTheWrongSizeIsAnErrorNamingTheFile()
    {
        var folder = Directory.CreateDirectory(Path.Combine(_dir.FullName, "bad")).FullName;
        new RawImage(100, 50, PixelEncoding.Bgr8, new byte[100 * 50 * 3]).Write(Path.Combine(folder, "odd.png"));
        using var source = new ResilientTactileSource("d", SensorProfile.Digit, new ImageFolderGrabber(folder, SensorProfile.Digit), MonotonicClock.Instance, Fast);
        var ex = Assert.Throws<InvalidDataException>(() => source.Read());
        Assert.That(ex!.Message, Does.Contain("odd.png").And.Contain("100x50"));
    }

    [Test]
    public void AMissingFolderIsReportedStaleWithItsPath()
    {
        using var source = new ResilientTactileSource("d", SensorProfile.Digit, new ImageFolderGrabber(Path.Combine(_dir.FullName, "nope"), SensorProfile.Digit), MonotonicClock.Instance, Fast);
        var result = source.Read();
        Assert.That(result.Status, Is.EqualTo(CaptureStatus.Stale));
        Assert.That(result.Reason, Does.Contain("nope"));
    }

    [Test]
    public void SimulatedSourceStampsFramesAtTheNativeRateOnTheSimulatedClock()
    {
        var clock = new SimulatedClock();
        var sim = new DigitSimulator(DigitBackground(), DigitSimulator.OptionsFor(SensorProfile.Digit, seed: 1));
        var grabber = new SimulatedGrabber(sim, _ => ContactState.NoContact, SensorProfile.Digit.NativeFps, clock, frameCount: 3);
        using var source = new ResilientTactileSource("sim", SensorProfile.Digit, grabber, clock);
        var stamps = Enumerable.Range(0, 3).Select(_ => source.Read().Frame!.Stamp.TotalNanoseconds).ToArray();
        Assert.That(stamps[1] - stamps[0], Is.EqualTo(16_666_666).Within(100));
        Assert.That(source.Read().Status, Is.EqualTo(CaptureStatus.Ended));
        Assert.That(source.Counters.AchievedFps, Is.EqualTo(60).Within(0.01));
    }

    [Test]
    public void V4l2DevicesAreFoundByByIdNameOrDigitSerial()
    {
        var dev = Directory.CreateDirectory(Path.Combine(_dir.FullName, "dev")).FullName;
        var byId = Directory.CreateDirectory(Path.Combine(dev, "v4l", "by-id")).FullName;
        foreach (var n in new[] { 0, 1, 2, 3 })
        {
            File.WriteAllText(Path.Combine(dev, $"video{n}"), "");
        }
        File.CreateSymbolicLink(Path.Combine(byId, "usb-Facebook_DIGIT_D20001-video-index0"), "../../video2");
        File.CreateSymbolicLink(Path.Combine(byId, "usb-Facebook_DIGIT_D20001-video-index1"), "../../video3");
        File.CreateSymbolicLink(Path.Combine(byId, "usb-Facebook_DIGIT_D20025-video-index0"), "../../video0");
        var locator = new V4l2DeviceLocator(byId);

        var bySerial = locator.Resolve("D20001");
        Assert.That(bySerial.Index, Is.EqualTo(2), "the -video-index0 node, not the metadata node");
        Assert.That(bySerial.DevicePath, Is.EqualTo(Path.Combine(dev, "video2")));
        Assert.That(locator.Resolve("usb-Facebook_DIGIT_D20025-video-index0").Index, Is.EqualTo(0));
        Assert.That(locator.Resolve("/dev/video7").Index, Is.EqualTo(7));

        var missing = Assert.Throws<CaptureException>(() => locator.Resolve("D99999"));
        Assert.That(missing!.Message, Does.Contain("D99999").And.Contain("usb-Facebook_DIGIT_D20025-video-index0"));
        var ambiguous = Assert.Throws<CaptureException>(() => locator.Resolve("DIGIT"));
        Assert.That(ambiguous!.Message, Does.Contain("several"));
        var none = Assert.Throws<CaptureException>(() => new V4l2DeviceLocator(Path.Combine(dev, "absent")).Resolve("D20001"));
        Assert.That(none!.Message, Does.Contain("plugged"));
    }
}
