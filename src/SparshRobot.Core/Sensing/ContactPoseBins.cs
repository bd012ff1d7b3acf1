namespace SparshRobot.Core.Sensing;

/// <summary>
/// The one definition of the absolute contact-pose classes a pose probe predicts and an estimator decodes: the
/// contact centre across the pad (x), along it (y) and the wire's direction on it, each cut into
/// <see cref="Count"/> equal bins. Offsets span where the bead sits in practice; the angle spans
/// a line's half turn (-pi/2, pi/2], so its bins wrap.
/// </summary>
public static class ContactPoseBins
{
    public const int Count = 11;

    /// <summary>
    /// Half-range of the offsets, mm (0.5 mm bins): scripted teleop on hard mazes keeps the bead within about
    /// ±2.3 mm of the pad centre (the operator re-centres at 4 mm); values beyond clamp to the end bins.
    /// </summary>
    public const double OffsetLimitMm = 2.75;

    public static double OffsetBinWidthMm => 2 * OffsetLimitMm / Count;

    public static double AngleBinWidthRad => Math.PI / Count;

    /// <summary>Bin of an offset in mm: [-limit, limit] cut evenly, outside values in the end bins.</summary>
    public static int OffsetBin(double mm) =>
        Math.Clamp((int)Math.Floor((mm + OffsetLimitMm) / OffsetBinWidthMm), 0, Count - 1);

    /// <summary>Bin of a line direction in radians, any representative (a line has no sign).</summary>
    public static int AngleBin(double rad) =>
        Math.Clamp((int)Math.Floor((WrapHalfTurn(rad) + Math.PI / 2) / AngleBinWidthRad), 0, Count - 1);

    public static double OffsetCenterMm(int bin) => -OffsetLimitMm + (bin + 0.5) * OffsetBinWidthMm;

    public static double AngleCenterRad(int bin) => -Math.PI / 2 + (bin + 0.5) * AngleBinWidthRad;

    /// <summary>The three bins (x, y, angle) of a contact; the centre bins when nothing touches.</summary>
    public static (int X, int Y, int Angle) Of(ContactState contact) => contact.InContact
        ? (OffsetBin(contact.Center.X), OffsetBin(contact.Center.Y), AngleBin(Math.Atan2(contact.Axis.Y, contact.Axis.X)))
        : (Count / 2, Count / 2, Count / 2);

    /// <summary>Expected offset in mm under bin probabilities.</summary>
    public static double ExpectedOffsetMm(ReadOnlySpan<float> probabilities)
    {
        double sum = 0, total = 0;
        for (var k = 0; k < probabilities.Length; k++)
        {
            sum += probabilities[k] * OffsetCenterMm(k);
            total += probabilities[k];
        }
        return total > 0 ? sum / total : 0;
    }

    /// <summary>
    /// Expected line direction under bin probabilities, in (-pi/2, pi/2]: averaged as doubled angles so bins on
    /// either side of the wrap (nearly the same line) do not cancel to a perpendicular one.
    /// </summary>
    public static double ExpectedAngleRad(ReadOnlySpan<float> probabilities)
    {
        double sin = 0, cos = 0;
        for (var k = 0; k < probabilities.Length; k++)
        {
            sin += probabilities[k] * Math.Sin(2 * AngleCenterRad(k));
            cos += probabilities[k] * Math.Cos(2 * AngleCenterRad(k));
        }
        return WrapHalfTurn(Math.Atan2(sin, cos) / 2);
    }

    /// <summary>The representative of a line direction in (-pi/2, pi/2], as <c>FingerEstimate.AngleRad</c> states it.</summary>
    public static double WrapHalfTurn(double rad)
    {
        var wrapped = (Math.PI / 2 - rad) % Math.PI;
        return Math.PI / 2 - (wrapped < 0 ? wrapped + Math.PI : wrapped);
    }
}
