using System.Numerics;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace SparshRobot.Tactile.Preprocessing;

/// <summary>
/// Sparsh's <c>compute_diff(img, bg, offset=0.5)</c>: <c>uint8(clip((int32(img) - int32(bg)) / 255 + 0.5, 0, 1) * 255)</c>.
/// </summary>
/// <remarks>
/// For an integer difference d the float expression is exactly d + 127.5 before truncation, never within rounding
/// error of an integer, so the truncated result equals <c>clamp(d + 127, 0, 255)</c>: integer arithmetic gives the
/// reference's bytes exactly (a test checks all 511 differences against the float formula).
/// </remarks>
public static class BackgroundSubtraction
{
    /// <summary>"No change" maps to this value (0.498 after scaling to [0,1]).</summary>
    public const byte Neutral = 127;

    public static byte Diff(byte image, byte background) => (byte)Math.Clamp(image - background + Neutral, 0, 255);

    /// <summary>
    /// <see cref="Diff"/> over whole buffers. With saturating byte arithmetic, clamp(i - b + 127, 0, 255) is
    /// satsub(satadd(satsub(i, b), 127), satsub(b, i)): one of the two differences is always zero.
    /// </summary>
    public static void Diff(ReadOnlySpan<byte> image, ReadOnlySpan<byte> background, Span<byte> output)
    {
        if (background.Length != image.Length || output.Length < image.Length)
        {
            throw new ArgumentException($"image ({image.Length} bytes), background ({background.Length}) and output ({output.Length}) sizes differ");
        }
        var i = 0;
        if (Avx2.IsSupported)
        {
            var vi = MemoryMarshal.Cast<byte, Vector256<byte>>(image);
            var vb = MemoryMarshal.Cast<byte, Vector256<byte>>(background);
            var vo = MemoryMarshal.Cast<byte, Vector256<byte>>(output);
            var neutral = Vector256.Create(Neutral);
            for (var k = 0; k < vi.Length; k++)
            {
                vo[k] = Avx2.SubtractSaturate(Avx2.AddSaturate(Avx2.SubtractSaturate(vi[k], vb[k]), neutral), Avx2.SubtractSaturate(vb[k], vi[k]));
            }
            i = vi.Length * Vector256<byte>.Count;
        }
        for (; i < image.Length; i++)
        {
            output[i] = Diff(image[i], background[i]);
        }
    }

    /// <summary>
    /// Pixels of an interleaved three-channel image whose absolute differences from the background, summed over the
    /// channels, exceed <paramref name="threshold"/>: the touched share of a pad.
    /// </summary>
    public static unsafe int CountDiffering(ReadOnlySpan<byte> image, ReadOnlySpan<byte> background, int threshold)
    {
        if (background.Length != image.Length || image.Length % 3 != 0)
        {
            throw new ArgumentException($"image ({image.Length} bytes) and background ({background.Length}) must be the same whole number of 3-byte pixels");
        }
        ArgumentOutOfRangeException.ThrowIfNegative(threshold);
        var count = 0;
        var p = 0;
        fixed (byte* a = image)
        fixed (byte* b = background)
        {
            if (Avx2.IsSupported && threshold < byte.MaxValue)
            {
                // Every byte position i gets d(i) + d(i+1) + d(i+2), saturated (exact for a threshold under 255); only
                // the positions where a pixel starts count. A 32-byte block starting at k has them where (k + j) % 3 == 0.
                var limit = Vector256.Create((byte)threshold);
                var k = 0;
                for (; k + Vector256<byte>.Count + 2 <= image.Length; k += Vector256<byte>.Count)
                {
                    var sum = Avx2.AddSaturate(Avx2.AddSaturate(AbsDiff(a + k, b + k), AbsDiff(a + k + 1, b + k + 1)), AbsDiff(a + k + 2, b + k + 2));
                    var above = Vector256.GreaterThan(sum, limit).ExtractMostSignificantBits();
                    count += BitOperations.PopCount(above & PixelStarts[k % 3]);
                }
                p = (k + 2) / 3 * 3;
            }
            for (; p < image.Length; p += 3)
            {
                var sum = Math.Abs(a[p] - b[p]) + Math.Abs(a[p + 1] - b[p + 1]) + Math.Abs(a[p + 2] - b[p + 2]);
                count += sum > threshold ? 1 : 0;
            }
        }
        return count;
    }

    private static unsafe Vector256<byte> AbsDiff(byte* x, byte* y)
    {
        var u = Vector256.Load(x);
        var v = Vector256.Load(y);
        return Avx2.SubtractSaturate(u, v) | Avx2.SubtractSaturate(v, u);
    }

    /// <summary>Bit j set where byte j of a 32-byte block starting at k (k % 3 = index) begins a pixel.</summary>
    private static readonly uint[] PixelStarts = [.. Enumerable.Range(0, 3).Select(r =>
        Enumerable.Range(0, 32).Where(j => (r + j) % 3 == 0).Aggregate(0u, (m, j) => m | (1u << j)))];

    /// <summary>The reference's float formula, kept to test <see cref="Diff"/> against.</summary>
    internal static byte DiffReferenceFormula(int image, int background) =>
        (byte)(Math.Clamp((image - background) / 255.0 + 0.5, 0.0, 1.0) * 255);
}
