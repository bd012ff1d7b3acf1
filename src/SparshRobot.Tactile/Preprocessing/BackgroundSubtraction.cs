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

    /// <summary>The reference's float formula, kept to test <see cref="Diff"/> against.</summary>
    internal static byte DiffReferenceFormula(int image, int background) =>
        (byte)(Math.Clamp((image - background) / 255.0 + 0.5, 0.0, 1.0) * 255);
}
