using SparshRobot.Core.Geometry;
using SparshRobot.Core.Sensing;
using SparshRobot.Core.Time;
using SparshRobot.Tactile.Calibration;
using SparshRobot.Tactile.Preprocessing;
using SparshRobot.Tactile.Profiles;
using SparshRobot.Tactile.Simulation;

namespace SparshRobot.Tactile.Tests.Preprocessing;

/// <summary>A pipeline that defers preprocessing to the first read gives the eager pipeline's inputs and refusals.</summary>
public class DeferredPreprocessingTests
{
    private static readonly Lazy<BackgroundImage> Background = new(TactileTestData.DigitBackground);
    private static readonly SparshInputSize Size = new(224, 224);

    private static SparshSensorPipeline Pipeline(bool defer) =>
        new(SensorProfile.Digit, Background.Value, Size, stride: 5, compensateIllumination: true, deferPreprocessing: defer);

    /// <summary>Touch that moves across the pad, frame by frame; frame 7 relit (its illumination is undone), frame 9 black (refused).</summary>
    private static List<TactileFrame> Stream()
    {
        var simulator = new DigitSimulator(Background.Value, DigitSimulator.OptionsFor(SensorProfile.Digit, 3));
        var frames = new List<TactileFrame>();
        for (var seq = 0; seq < 14; seq++)
        {
            var pixels = new byte[simulator.FrameLength];
            var contact = new ContactState(IndenterShape.Cylinder, 2.5, Vec3.Zero, new Vec3(-3 + 0.5 * seq, 1, 0), 4 + 0.3 * seq, new Vec3(1, 0, 0)) { LengthMm = 12 };
            simulator.Render(contact, pixels, seq);
            if (seq == 7)
            {
                pixels = [.. pixels.Select(v => (byte)Math.Clamp(Math.Round(1.3 * v + 15), 0, 255))];
            }
            if (seq == 9)
            {
                pixels = new byte[pixels.Length];
            }
            frames.Add(new TactileFrame("digit_thumb", new Timestamp(seq, 0, ClockKind.Monotonic), seq, Background.Value.Width, Background.Value.Height,
                PixelEncoding.Rgb8, pixels));
        }
        return frames;
    }

    private static float[] Input(SparshSensorPipeline pipeline)
    {
        var input = new float[pipeline.Stack.InputLength];
        pipeline.WriteInput(input);
        return input;
    }

    [TestCase(1, TestName = "read after every frame")]
    [TestCase(4, TestName = "read after every fourth frame")]
    public void InputsAndRefusalsAreTheEagerPipelines(int readEvery)
    {
        var eager = Pipeline(defer: false);
        var deferred = Pipeline(defer: true);
        var frames = Stream();
        for (var k = 0; k < frames.Count; k++)
        {
            Assert.That(deferred.Push(frames[k]), Is.EqualTo(eager.Push(frames[k])), $"frame {k} accepted alike");
            if (k % readEvery == readEvery - 1)
            {
                Assert.That(deferred.Stack.PairSequences(), Is.EqualTo(eager.Stack.PairSequences()));
                Assert.That(Input(deferred), Is.EqualTo(Input(eager)), $"input after frame {k}, every float");
            }
        }
        Assert.That(eager.Stack.DeferredCount, Is.Zero);
    }

    [Test]
    public void OnlyTheFramesAnInputReadsArePreprocessed()
    {
        var deferred = Pipeline(defer: true);
        var frames = Stream();
        for (var k = 0; k < 7; k++)
        {
            deferred.Push(frames[k]);
        }
        Assert.That(deferred.Stack.DeferredCount, Is.EqualTo(6), "the stack's capacity of frames, none preprocessed");
        Input(deferred);
        Assert.That(deferred.Stack.DeferredCount, Is.EqualTo(4), "the pair (6 and 1) preprocessed, four frames still waiting");

        // Frame 7 is relit: its undone copy is reused by the next frame, so it is preprocessed at once.
        Assert.That(deferred.Push(frames[7]), Is.True);
        Assert.That(deferred.Stack.NewestSequence, Is.EqualTo(7));
        Assert.That(deferred.Stack.DeferredCount, Is.EqualTo(4), "frame 1 (preprocessed) left the stack, frame 7 came in preprocessed: 2-5 wait");
        deferred.Stack.Clear();
        Assert.That(deferred.Stack.DeferredCount, Is.Zero);
    }

    [Test]
    public void AFrameItCannotPreprocessIsRefusedAtThePushNotAtTheRead()
    {
        var frame = Stream()[0];
        var (w, h) = (frame.Width, frame.Height);
        var mono = new TactileFrame(frame.SensorId, frame.Stamp, 1, w, h, PixelEncoding.Mono8, frame.Pixels[..(w * h)]);
        var narrow = new TactileFrame(frame.SensorId, frame.Stamp, 1, w / 2, h, PixelEncoding.Rgb8, frame.Pixels[..(w / 2 * h * 3)]);
        var plain = new SparshSensorPipeline(SensorProfile.Digit, Background.Value, Size, deferPreprocessing: true);
        Assert.That(() => plain.Push(mono), Throws.ArgumentException.With.Message.Contains("mono8"));
        Assert.That(() => plain.Push(narrow), Throws.InstanceOf<BackgroundMismatchException>().With.Message.Contains($"frame is {w / 2}x{h}"));
        Assert.That(() => Pipeline(defer: true).Push(narrow), Throws.InstanceOf<BackgroundMismatchException>().With.Message.Contains($"frame is {w / 2}x{h}"));
        Assert.That(plain.Stack.Count, Is.Zero);
    }

    [Test]
    public void AStackWithoutAPreprocessingRefusesADeferredFrame()
    {
        var stack = new TemporalFrameStack(Size);
        Assert.That(() => stack.CommitDeferred(Stream()[0]), Throws.InvalidOperationException.With.Message.Contains("without a preprocessing"));
    }
}
