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

    /// <summary>The reference's float formula, kept to test <see cref="Diff"/> against.</summary>
    internal static byte DiffReferenceFormula(int image, int background) =>
        (byte)(Math.Clamp((image - background) / 255.0 + 0.5, 0.0, 1.0) * 255);
}
