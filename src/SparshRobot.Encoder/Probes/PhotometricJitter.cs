using static TorchSharp.torch;

namespace SparshRobot.Encoder.Probes;

/// <summary>
/// Extra copies of the training touch with the lighting moved: every sample's colours shifted by a whole number of
/// grey levels in [-<see cref="MaxShift"/>, <see cref="MaxShift"/>], one shift per colour for both images of the pair
/// (lighting does not change within 80 ms). On background-subtracted inputs a shift of the frame's lighting is a shift
/// of the stored difference, so a probe trained on the copies learns to read touch, not the lamp: the shipped encoder's
/// tokens move further for a one-level shift of the whole image than for most touch.
/// </summary>
/// <param name="Copies">Shifted copies per training sample (0: none).</param>
/// <param name="MaxShift">Largest shift, grey levels.</param>
/// <param name="Seed">Seed of the shifts; a copy of an episode always gets the same ones.</param>
public sealed record PhotometricJitter(int Copies, int MaxShift, long Seed = 0)
{
    /// <summary>What tells a copy's cached tokens apart from the plain ones and from other jitters'.</summary>
    public string CacheKey(int copy) => $"jitter{copy}-{MaxShift}-{Seed}";

    /// <summary>
    /// <paramref name="inputs"/> (stored pairs: uint8 or float32 in [0, 1], <c>(T, 6, H, W)</c> or <c>(T, 3, 2, H, W)</c>)
    /// with copy <paramref name="copy"/>'s shifts for episode <paramref name="episode"/>.
    /// </summary>
    public Tensor Apply(Tensor inputs, int copy, int episode)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(copy, 1);
        using var scope = NewDisposeScope();
        var frames = inputs.shape[0];
        var rgbPair = inputs.dim() == 4 && inputs.shape[1] == 6;
        var channelsFirst = inputs.dim() == 5 && inputs.shape[1] == 3;
        if (!rgbPair && !channelsFirst)
        {
            throw new ArgumentException($"inputs shaped ({string.Join(", ", inputs.shape)}); expected (T, 6, H, W) or (T, 3, 2, H, W) frame pairs");
        }
        using var generator = new Generator((ulong)unchecked(Seed * 1_000_003 + copy * 7919 + episode));
        var shifts = randint(-MaxShift, MaxShift + 1, [frames, 3], dtype: ScalarType.Float32, generator: generator);
        // One shift per colour for both images: (T, 6, 1, 1) repeats the colours, (T, 3, 1, 1, 1) spans the pair axis.
        var shape = rgbPair ? shifts.repeat(1, 2).view(frames, 6, 1, 1) : shifts.view(frames, 3, 1, 1, 1);
        var shifted = inputs.dtype == ScalarType.Byte
            ? (inputs.to(ScalarType.Float32) + shape).clamp(0, 255).to(ScalarType.Byte)
            : (inputs + shape / 255f).clamp(0, 1);
        return shifted.MoveToOuterDisposeScope();
    }
}
