using TorchSharp;
using static TorchSharp.torch;

namespace SparshRobot.Encoder.Pretraining;

/// <summary>The exponential moving average that DINO's teacher and the JEPA target encoder follow their online twin with.</summary>
public static class Ema
{
    /// <summary>
    /// <c>target ← m·target + (1 − m)·online</c>, parameter by parameter; both modules must have the same tree.
    /// </summary>
    public static void Update(nn.Module target, nn.Module online, double momentum)
    {
        using var noGrad = no_grad();
        var source = online.named_parameters().ToDictionary(p => p.name, p => p.parameter);
        foreach (var (name, parameter) in target.named_parameters())
        {
            if (!source.TryGetValue(name, out var from))
            {
                throw new ArgumentException($"EMA target parameter {name} has no counterpart in the online module");
            }
            parameter.mul_(momentum).add_(from, alpha: 1 - momentum);
        }
    }

    /// <summary>Copies <paramref name="online"/>'s weights into <paramref name="target"/> and freezes them: the EMA copy starts equal and is never trained.</summary>
    public static void Initialize(nn.Module target, nn.Module online)
    {
        using var noGrad = no_grad();
        var source = online.named_parameters().ToDictionary(p => p.name, p => p.parameter);
        foreach (var (name, parameter) in target.named_parameters())
        {
            parameter.copy_(source[name]);
            parameter.requires_grad = false;
        }
    }

    /// <summary>The momentum at <paramref name="step"/> of <paramref name="steps"/>: cosine from <paramref name="start"/> to 1 (DINO, I-JEPA).</summary>
    public static double Momentum(double start, int step, int steps) =>
        1 - (1 - start) * (Math.Cos(Math.PI * step / Math.Max(1, steps)) + 1) / 2;
}
