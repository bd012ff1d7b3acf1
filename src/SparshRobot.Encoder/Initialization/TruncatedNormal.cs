using static TorchSharp.torch;

namespace SparshRobot.Encoder.Initialization;

/// <summary>
/// Truncated-normal initialisation as PyTorch's <c>nn.init.trunc_normal_</c> does it: inverse-CDF sampling of a
/// uniform draw restricted to [cdf(a), cdf(b)], so every value lies in [a, b] and the shape inside is normal
/// (no resampling loop, no pile-up at the bounds). TorchSharp 0.107's own <c>trunc_normal_</c> fills the tensor with
/// the std itself, which is why this exists.
/// </summary>
public static class TruncatedNormal
{
    /// <summary>Fills <paramref name="tensor"/> in place; <paramref name="a"/> and <paramref name="b"/> are absolute bounds, as in PyTorch (default ±2).</summary>
    public static Tensor Fill(Tensor tensor, double mean = 0.0, double std = 1.0, double a = -2.0, double b = 2.0)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        if (!(std > 0.0) || !double.IsFinite(std))
            throw new ArgumentOutOfRangeException(nameof(std), std, "Truncated-normal std must be a finite positive number.");
        if (!(a < b))
            throw new ArgumentException($"Truncated-normal bounds must satisfy a < b, got a={a}, b={b}.", nameof(a));
        var lower = NormalCdf((a - mean) / std);
        var upper = NormalCdf((b - mean) / std);
        using (no_grad())
        {
            // uniform on [2l-1, 2u-1], then erfinv maps it to the standard normal restricted to the bounds.
            tensor.uniform_(2 * lower - 1, 2 * upper - 1);
            tensor.erfinv_();
            tensor.mul_(std * Math.Sqrt(2.0));
            tensor.add_(mean);
            // erfinv at ±1 is infinite; the clamp keeps the float edge cases inside [a, b].
            tensor.clamp_(a, b);
        }
        return tensor;
    }

    private static double NormalCdf(double x)
    {
        using var value = tensor(x / Math.Sqrt(2.0), float64);
        using var erf = special.erf(value);
        return (1.0 + erf.item<double>()) / 2.0;
    }
}
