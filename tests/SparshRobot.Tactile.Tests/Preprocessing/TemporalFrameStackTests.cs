using SparshRobot.Core.Sensing;
using SparshRobot.Tactile.Preprocessing;

namespace SparshRobot.Tactile.Tests.Preprocessing;

public class TemporalFrameStackTests
{
    private static readonly SparshInputSize Tiny = new(4, 3);

    private static float[] Numbered(long n) => Enumerable.Repeat((float)n, Tiny.FrameLength).ToArray();

    private static (float Newest, float Older) Input(TemporalFrameStack stack)
    {
        var input = new float[stack.InputLength];
        stack.WriteInput(input);
        Assert.That(input[..Tiny.FrameLength].Distinct().Count(), Is.EqualTo(1));
        Assert.That(input[Tiny.FrameLength..].Distinct().Count(), Is.EqualTo(1));
        return (input[0], input[Tiny.FrameLength]);
    }

    [Test]
    public void ChannelsHoldTheNewestFrameFirstAndTheFrameFiveBeforeSecond()
    {
        var stack = new TemporalFrameStack(Tiny);
        for (var i = 0; i < 12; i++)
        {
            stack.Push(i, Numbered(i));
        }
        Assert.That(Input(stack), Is.EqualTo((11f, 6f)));
        Assert.That(stack.PairSequences(), Is.EqualTo((11L, 6L)));
    }

    [Test]
    public void BeforeStrideFramesExistTheOlderFrameIsClippedToTheFirst()
    {
        var stack = new TemporalFrameStack(Tiny);
        stack.Push(0, Numbered(0));
        Assert.That(Input(stack), Is.EqualTo((0f, 0f)));
        stack.Push(1, Numbered(1));
        stack.Push(2, Numbered(2));
        Assert.That(Input(stack), Is.EqualTo((2f, 0f)));
    }

    [Test]
    public void StrideCountsNativeFramesSoADroppedFrameDoesNotShortenIt()
    {
        var stack = new TemporalFrameStack(Tiny, stride: 3);
        foreach (var seq in new long[] { 0, 1, 2, 3, 5, 6, 8 })
        {
            stack.Push(seq, Numbered(seq));
        }
        // t = 8: t-3 = 5 is present (4 and 7 were dropped).
        Assert.That(Input(stack), Is.EqualTo((8f, 5f)));
        stack.Push(10, Numbered(10));
        // t - 3 = 7 was dropped: the newest frame at or before it, 6.
        Assert.That(Input(stack), Is.EqualTo((10f, 6f)));
    }

    /// <summary>The frame number held in each of the clip's 4 frames, checked to fill every colour plane alike.</summary>
    private static float[] Clip(TemporalFrameStack stack)
    {
        var clip = new float[SparshClip.Length(Tiny)];
        stack.WriteClip(clip);
        var plane = Tiny.PlaneLength;
        var frames = new float[4];
        for (var k = 0; k < 4; k++)
        {
            frames[k] = clip[k * plane];
            for (var c = 0; c < 3; c++)
            {
                Assert.That(clip.AsSpan((c * 4 + k) * plane, plane).ToArray(), Is.All.EqualTo(frames[k]), $"colour {c}, frame {k}");
            }
        }
        return frames;
    }

    [Test]
    public void AClipHoldsFramesTwoFourAndSixBackChannelsFirst()
    {
        var stack = new TemporalFrameStack(Tiny, clips: true);
        stack.Push(0, Numbered(0));
        Assert.That(Clip(stack), Is.EqualTo(new[] { 0f, 0f, 0f, 0f }), "before the clip's span exists, the first frame stands in");
        foreach (var seq in new long[] { 1, 2, 3, 4, 5, 6, 7, 9, 10 })
        {
            stack.Push(seq, Numbered(seq));
        }
        // t = 10: t-2 = 8 was dropped, so the newest at or before it, 7; t-4 = 6, t-6 = 4.
        Assert.That(Clip(stack), Is.EqualTo(new[] { 10f, 7f, 6f, 4f }));
        Assert.That(Input(stack), Is.EqualTo((10f, 5f)), "the pair is unchanged by the deeper history");
        Assert.That(() => new TemporalFrameStack(Tiny).WriteClip(new float[SparshClip.Length(Tiny)]),
            Throws.InvalidOperationException.With.Message.Contain("create it with clips"));
        Assert.That(() => stack.WriteClip(new float[3]), Throws.ArgumentException);
    }

    [Test]
    public void SequencesMustIncreaseAndAnEmptyStackHasNoInput()
    {
        var stack = new TemporalFrameStack(Tiny);
        Assert.Throws<InvalidOperationException>(() => stack.WriteInput(new float[stack.InputLength]));
        stack.Push(4, Numbered(4));
        Assert.Throws<ArgumentOutOfRangeException>(() => stack.Push(4, Numbered(4)));
        stack.Clear();
        stack.Push(1, Numbered(1));
        Assert.That(Input(stack), Is.EqualTo((1f, 1f)));
    }

    [Test]
    public void BatchSamplesAreLaidOutNchw()
    {
        var a = new TemporalFrameStack(Tiny);
        var b = new TemporalFrameStack(Tiny);
        for (var i = 0; i < 6; i++)
        {
            a.Push(i, Numbered(i));
            b.Push(i, Numbered(100 + i));
        }
        var batch = new SparshInputBatch(2, Tiny);
        batch.Fill(0, a);
        batch.Fill(1, b);
        Assert.That(batch.Shape, Is.EqualTo(new long[] { 2, 6, 4, 3 }));
        var plane = Tiny.PlaneLength;
        Assert.That(batch.Data[0], Is.EqualTo(5f));
        Assert.That(batch.Data[3 * plane], Is.EqualTo(0f));
        Assert.That(batch.Data[6 * plane], Is.EqualTo(105f));
        Assert.That(batch.Data[9 * plane], Is.EqualTo(100f));
    }
}
