using SparshRobot.Encoder.Probes;
using static TorchSharp.torch;

namespace SparshRobot.Encoder.Tests.Probes;

[Category("torch")]
public class PhotometricJitterTests
{
    [Test]
    public void EachColourMovesByOneBoundedShiftForBothImagesOfThePair()
    {
        using var scope = NewDisposeScope();
        var inputs = full(new long[] { 40, 6, 4, 4 }, 100, dtype: ScalarType.Byte);
        var jitter = new PhotometricJitter(Copies: 2, MaxShift: 3, Seed: 7);
        var shifted = jitter.Apply(inputs, copy: 1, episode: 0).to(ScalarType.Float32) - 100;
        // Constant over each image, the same for the pair's two images of a colour, within the bound.
        Assert.That((shifted - shifted.amax([2, 3], keepdim: true)).abs().max().item<float>(), Is.Zero);
        var perColour = shifted.amax([2, 3]);
        Assert.That((perColour.narrow(1, 0, 3) - perColour.narrow(1, 3, 3)).abs().max().item<float>(), Is.Zero);
        Assert.That(perColour.abs().max().item<float>(), Is.EqualTo(3));
        Assert.That(perColour.unique().Item1.shape[0], Is.EqualTo(7), "every shift in [-3, 3] occurs over 120 draws");

        bool Same(Tensor a, Tensor b) => a.to(ScalarType.Float32).allclose(b.to(ScalarType.Float32), 0, 0);
        Assert.That(Same(jitter.Apply(inputs, 1, 0), jitter.Apply(inputs, 1, 0)), Is.True, "a copy of an episode always gets the same shifts");
        Assert.That(Same(jitter.Apply(inputs, 2, 0), jitter.Apply(inputs, 1, 0)), Is.False);
        Assert.That(Same(jitter.Apply(inputs, 1, 1), jitter.Apply(inputs, 1, 0)), Is.False);
    }

    [Test]
    public void ValuesStayInRangeAndOtherLayoutsAreRefused()
    {
        using var scope = NewDisposeScope();
        var jitter = new PhotometricJitter(1, 3);
        var bytes = cat([zeros(new long[] { 20, 3, 2, 2, 2 }, ScalarType.Byte), full(new long[] { 20, 3, 2, 2, 2 }, 255, ScalarType.Byte)], 0);
        var shifted = jitter.Apply(bytes, 1, 0);
        Assert.That(shifted.dtype, Is.EqualTo(ScalarType.Byte));
        Assert.That(shifted.narrow(0, 0, 20).to(ScalarType.Float32).max().item<float>(), Is.InRange(1f, 3f), "zeros only move up");
        var floats = jitter.Apply(full(new long[] { 20, 6, 2, 2 }, 0.999f), 1, 0);
        Assert.That(floats.max().item<float>(), Is.EqualTo(1f), "clamped at white");
        Assert.That(floats.min().item<float>(), Is.EqualTo(0.999f - 3 / 255f).Within(1e-6), "three grey levels down at most");
        Assert.That(() => jitter.Apply(zeros(2, 4, 8, 8), 1, 0), Throws.ArgumentException.With.Message.Contains("(2, 4, 8, 8)"));
    }
}
