namespace SparshRobot.Core.Sensing;

/// <summary>Height x width of one Sparsh input image (docs/design-notes.md, "Sparsh input preprocessing": 320x240;
/// force field and bead-maze policy: 224x224).</summary>
public readonly record struct SparshInputSize(int Height, int Width)
{
    /// <summary>The encoder's pretraining size, 320 high x 240 wide (a 20x15 patch grid).</summary>
    public static SparshInputSize Default => new(320, 240);

    /// <summary>Force-field decoder and bead-maze policy input (config/data/{digit,gelsight}.yaml resize: [224,224]).</summary>
    public static SparshInputSize ForceField => new(224, 224);

    public int PlaneLength => Height * Width;

    /// <summary>Floats in one background-subtracted RGB image (3 x H x W).</summary>
    public int FrameLength => 3 * Height * Width;

    public override string ToString() => $"{Height}x{Width} (HxW)";
}
