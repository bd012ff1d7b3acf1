namespace SparshRobot.Core.Sensing;

/// <summary>
/// Sparsh's V-JEPA input: the newest images of native frames t, t-2, t-4 and t-6, laid out channels first as
/// (3, 4, H, W) (docs/design-notes.md, "Sparsh frame pairs"; the reference's video clips).
/// </summary>
public static class SparshClip
{
    /// <summary>Native frames back from the newest, newest first.</summary>
    public static IReadOnlyList<int> Offsets { get; } = [0, 2, 4, 6];

    /// <summary>Floats in one clip of <paramref name="size"/>: 3 x 4 x H x W.</summary>
    public static int Length(SparshInputSize size) => Offsets.Count * size.FrameLength;
}
