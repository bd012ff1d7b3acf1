using SparshRobot.Tactile.Preprocessing;

namespace SparshRobot.Tactile.Tests.Preprocessing;

/// <summary>The touched-pixel count: the vector path agrees with the per-pixel rule at every length and threshold.</summary>
public class BackgroundSubtractionTests
{
    [TestCase(1, 30)]
    [TestCase(11, 30)]
    [TestCase(12, 0)]
    [TestCase(33, 30)]
    [TestCase(76_800, 30)]
    [TestCase(76_800, 0)]
    [TestCase(76_800, 254)]
    [TestCase(1_001, 100)]
    [TestCase(1_001, 255)]
    [TestCase(1_001, 400)]
    public void The_count_is_the_pixels_whose_summed_channel_differences_exceed_the_threshold(int pixels, int threshold)
    {
        var random = new Random(pixels + threshold);
        var image = new byte[pixels * 3];
        var background = new byte[pixels * 3];
        random.NextBytes(background);
        for (var i = 0; i < image.Length; i++)
        {
            // Mostly small differences either way, some large and some clipped: every branch of the rule is met.
            var delta = random.Next(10) == 0 ? random.Next(-255, 256) : random.Next(-20, 21);
            image[i] = (byte)Math.Clamp(background[i] + delta, 0, 255);
        }
        var expected = 0;
        for (var p = 0; p < image.Length; p += 3)
        {
            var sum = Math.Abs(image[p] - background[p]) + Math.Abs(image[p + 1] - background[p + 1]) + Math.Abs(image[p + 2] - background[p + 2]);
            expected += sum > threshold ? 1 : 0;
        }
        Assert.That(BackgroundSubtraction.CountDiffering(image, background, threshold), Is.EqualTo(expected));
    }

    [Test]
    public void A_single_hand_placed_difference_counts_once_in_the_pixel_it_belongs_to()
    {
        var background = new byte[3 * 40];
        var image = new byte[3 * 40];
        // Pixel 13 (bytes 39-41) differs by 10 + 11 + 10 = 31 in all; each channel alone stays under 30.
        image[39] = 10;
        image[40] = 11;
        image[41] = 10;
        Assert.Multiple(() =>
        {
            Assert.That(BackgroundSubtraction.CountDiffering(image, background, 30), Is.EqualTo(1));
            Assert.That(BackgroundSubtraction.CountDiffering(image, background, 31), Is.EqualTo(0));
            Assert.That(BackgroundSubtraction.CountDiffering(background, image, 30), Is.EqualTo(1), "the difference is absolute");
        });
    }

    [Test]
    public void Mismatched_or_ragged_buffers_and_negative_thresholds_are_refused()
    {
        Assert.Multiple(() =>
        {
            Assert.That(() => BackgroundSubtraction.CountDiffering(new byte[6], new byte[9], 30),
                Throws.ArgumentException.With.Message.Contains("image (6 bytes) and background (9)"));
            Assert.That(() => BackgroundSubtraction.CountDiffering(new byte[7], new byte[7], 30),
                Throws.ArgumentException.With.Message.Contains("whole number of 3-byte pixels"));
            Assert.That(() => BackgroundSubtraction.CountDiffering(new byte[6], new byte[6], -1), Throws.InstanceOf<ArgumentOutOfRangeException>());
        });
    }
}
