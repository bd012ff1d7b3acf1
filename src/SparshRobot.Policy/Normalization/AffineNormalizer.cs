using TorchSharp;
using static TorchSharp.torch;

namespace SparshRobot.Policy.Normalization;

public enum NormalizationMode
{
    /// <summary>Maps [min, max] to [-1, 1]; used for actions, which diffusion samples clip to that range.</summary>
    MinMax,

    /// <summary>Zero mean, unit variance; used for proprioceptive state.</summary>
    MeanStd,
}

/// <summary>
/// y = x * scale + offset per feature. Stored inside policy checkpoints so the policy always sees the numbers it was
/// trained on, whatever dataset it is later run against.
/// </summary>
public sealed record AffineNormalizer(NormalizationMode Mode, double[] Scale, double[] Offset)
{
    /// <summary>Ranges and deviations below this are treated as constant features.</summary>
    public const double Epsilon = 1e-4;

    public int Count => Scale.Length;

    public static AffineNormalizer Fit(FeatureStatistics stats, NormalizationMode mode)
    {
        var scale = new double[stats.Count];
        var offset = new double[stats.Count];
        for (var i = 0; i < stats.Count; i++)
        {
            if (mode == NormalizationMode.MinMax)
            {
                var range = stats.Max[i] - stats.Min[i];
                // A constant feature maps to 0 instead of blowing up.
                scale[i] = range < Epsilon ? 1 : 2 / range;
                offset[i] = range < Epsilon ? -(stats.Max[i] + stats.Min[i]) / 2 : -1 - stats.Min[i] * scale[i];
            }
            else
            {
                var std = stats.Std[i] < Epsilon ? 1 : stats.Std[i];
                scale[i] = 1 / std;
                offset[i] = -stats.Mean[i] / std;
            }
        }
        return new AffineNormalizer(mode, scale, offset);
    }

    /// <summary>Normalizes the last dimension of <paramref name="x"/>.</summary>
    public Tensor Normalize(Tensor x)
    {
        Check(x);
        using var scope = NewDisposeScope();
        return (x * Vector(Scale, x) + Vector(Offset, x)).MoveToOuterDisposeScope();
    }

    /// <summary>Undoes <see cref="Normalize(Tensor)"/> on the last dimension.</summary>
    public Tensor Denormalize(Tensor y)
    {
        Check(y);
        using var scope = NewDisposeScope();
        return ((y - Vector(Offset, y)) / Vector(Scale, y)).MoveToOuterDisposeScope();
    }

    private void Check(Tensor x)
    {
        if (x.shape[^1] != Count)
        {
            throw new ArgumentException($"{Mode} normalizer has {Count} features; the tensor's last dimension is {x.shape[^1]}");
        }
    }

    private static Tensor Vector(double[] values, Tensor like) =>
        torch.tensor(values, dtype: like.dtype, device: like.device);
}
