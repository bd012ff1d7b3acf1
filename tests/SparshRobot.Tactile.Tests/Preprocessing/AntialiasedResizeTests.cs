using System.Runtime.Intrinsics.X86;
using SparshRobot.Tactile.Preprocessing;

namespace SparshRobot.Tactile.Tests.Preprocessing;

/// <summary>The vector width pass gives the scalar loop's floats bit for bit, so stored runs replay exactly.</summary>
public class AntialiasedResizeTests
{
    [TestCase(320, 240, 224, 224, TestName = "DIGIT portrait to 224x224 (the deployed case)")]
    [TestCase(240, 320, 224, 224, TestName = "landscape to 224x224")]
    [TestCase(480, 640, 240, 320, TestName = "halving: blocks reach too far, all scalar")]
    [TestCase(37, 100, 50, 211, TestName = "upsampling both axes")]
    [TestCase(64, 240, 64, 101, TestName = "output width not a multiple of the block")]
    [TestCase(100, 37, 20, 13, TestName = "strong downsampling")]
    [TestCase(30, 50, 30, 50, TestName = "identity")]
    public void VectorPathEqualsScalarLoop(int inHeight, int inWidth, int outHeight, int outWidth)
    {
        var random = new Random(inHeight * 1000 + inWidth);
        var stride = inWidth + 3;
        var plane = new byte[inHeight * stride];
        random.NextBytes(plane);
        var vector = new AntialiasedResize(inHeight, inWidth, outHeight, outWidth);
        var scalar = new AntialiasedResize(inHeight, inWidth, outHeight, outWidth, vectorized: false);
        var expected = new float[outHeight * outWidth];
        var actual = new float[outHeight * outWidth];

        scalar.Resize(plane, stride, 1f / 255f, expected);
        vector.Resize(plane, stride, 1f / 255f, actual);

        Assert.That(scalar.VectorColumns, Is.Zero);
        Assert.That(actual, Is.EqualTo(expected), "every float, exactly");
    }

    [Test]
    public void TheDeployedResizeRunsOnVectors()
    {
        Assume.That(Avx2.IsSupported, "the vector path needs AVX2");
        var resize = new AntialiasedResize(320, 240, 224, 224);

        // 240 -> 224: every block of 8 columns but the last fits one 16-byte load inside the row.
        Assert.That(resize.VectorColumns, Is.EqualTo(216));
    }

    [Test]
    public void SmoothRampStaysARamp()
    {
        // A horizontal ramp through the vector path: each output is a convex mix of its neighbours, so it stays within
        // the ramp's range and increases along the row.
        var plane = new byte[16 * 240];
        for (var y = 0; y < 16; y++)
        {
            for (var x = 0; x < 240; x++)
            {
                plane[y * 240 + x] = (byte)x;
            }
        }
        var output = new float[16 * 224];
        new AntialiasedResize(16, 240, 16, 224).Resize(plane, 240, 1f, output);

        var row = output.AsSpan(5 * 224, 224).ToArray();
        Assert.That(row, Is.Ordered.Ascending);
        Assert.That(row[0], Is.InRange(0f, 2f));
        Assert.That(row[^1], Is.InRange(237f, 239f));
    }
}
