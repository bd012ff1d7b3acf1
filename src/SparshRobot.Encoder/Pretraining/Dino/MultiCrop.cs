using TorchSharp;
using static TorchSharp.torch;

namespace SparshRobot.Encoder.Pretraining.Dino;

/// <summary>
/// DINO's multi-crop for touch (see <see cref="DinoOptions"/>): two large global views at the frame's size and several
/// small local views at half its size, each a random crop of the frame's aspect ratio, flipped left-right half the time.
/// </summary>
public static class MultiCrop
{
    public const int GlobalViews = 2;

    /// <summary>The global views (B, C, H, W) and the local ones (B, C, h, w), h and w half the frame's, rounded down to
    /// the patch size (at least one patch). Each sample gets its own crops.</summary>
    public static (Tensor[] Global, Tensor[] Local) Views(Tensor batch, DinoOptions options, int patch, Random random)
    {
        var (h, w) = (batch.shape[2], batch.shape[3]);
        var (lh, lw) = (Math.Max(patch, h / 2 / patch * patch), Math.Max(patch, w / 2 / patch * patch));
        var global = Enumerable.Range(0, GlobalViews).Select(_ => View(batch, options.GlobalScaleMin, 1, h, w, random)).ToArray();
        var local = Enumerable.Range(0, options.LocalCrops).Select(_ => View(batch, options.LocalScaleMin, options.LocalScaleMax, lh, lw, random)).ToArray();
        return (global, local);
    }

    /// <summary>Per sample: a crop covering a uniform [min, max] fraction of the area at the frame's aspect ratio, at a
    /// uniform position, flipped with p = 0.5, resized (bilinear) to <paramref name="height"/> x <paramref name="width"/>.</summary>
    public static Tensor View(Tensor batch, double scaleMin, double scaleMax, long height, long width, Random random)
    {
        using var scope = NewDisposeScope();
        var (h, w) = (batch.shape[2], batch.shape[3]);
        var views = new Tensor[batch.shape[0]];
        for (var i = 0; i < views.Length; i++)
        {
            var side = Math.Sqrt(scaleMin + (scaleMax - scaleMin) * random.NextDouble());
            var ch = Math.Clamp((long)Math.Round(h * side), 1, h);
            var cw = Math.Clamp((long)Math.Round(w * side), 1, w);
            var top = random.NextInt64(h - ch + 1);
            var left = random.NextInt64(w - cw + 1);
            var crop = batch.narrow(0, i, 1).narrow(2, top, ch).narrow(3, left, cw);
            if (random.NextDouble() < 0.5)
            {
                crop = crop.flip(3);
            }
            views[i] = nn.functional.interpolate(crop, size: [height, width], mode: InterpolationMode.Bilinear, align_corners: false);
        }
        return cat(views, 0).MoveToOuterDisposeScope();
    }
}
