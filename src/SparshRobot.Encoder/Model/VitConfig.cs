namespace SparshRobot.Encoder.Model;

/// <summary>How the encoder reads its input: one image stack, or a short clip cut into tubelets (V-JEPA).</summary>
public enum InputMode
{
    /// <summary>(B, C, H, W), C = 6 for the Sparsh <c>[I_t, I_{t-5}]</c> stack; 2D patches, 2D sinusoid.</summary>
    Image,

    /// <summary>(B, C, T, H, W), C = 3, T = 4 frames; tubelets of 2 frames, 3D sinusoid.</summary>
    Video,
}

/// <summary>The named Sparsh ViT sizes (head dimension 64, MLP ratio 4).</summary>
public enum VitSize
{
    Tiny,
    Small,
    Base,
    Large,
}

/// <summary>Everything that fixes the encoder's module tree and its expected input.</summary>
public sealed record VitConfig
{
    public required int EmbedDim { get; init; }

    public required int Depth { get; init; }

    public required int NumHeads { get; init; }

    /// <summary>Register tokens prepended after the positional embedding; 0 for MAE and the E2E baseline.</summary>
    public int Registers { get; init; } = 1;

    public int InChannels { get; init; } = 6;

    public int PatchSize { get; init; } = 16;

    public InputMode Mode { get; init; } = InputMode.Image;

    /// <summary>Frames per clip in <see cref="InputMode.Video"/>; ignored for images.</summary>
    public int NumFrames { get; init; } = 4;

    /// <summary>Frames per tubelet in <see cref="InputMode.Video"/>; ignored for images.</summary>
    public int Tubelet { get; init; } = 2;

    /// <summary>Nominal input size; the positional table is built for whatever size is actually fed.</summary>
    public int Height { get; init; } = 320;

    public int Width { get; init; } = 240;

    public int MlpHidden => EmbedDim * 4;

    public int HeadDim => EmbedDim / NumHeads;

    /// <summary>Patch tokens for the nominal input size (300 at 320x240, 600 for a 4-frame clip).</summary>
    public int NumPatches =>
        (Height / PatchSize) * (Width / PatchSize) * (Mode == InputMode.Video ? NumFrames / Tubelet : 1);

    /// <summary>Shape of one input sample, without the batch dimension.</summary>
    public long[] SampleShape => Mode == InputMode.Video
        ? [InChannels, NumFrames, Height, Width]
        : [InChannels, Height, Width];

    public static VitConfig ForSize(VitSize size, int registers = 1, InputMode mode = InputMode.Image)
    {
        var (dim, depth, heads) = size switch
        {
            VitSize.Tiny => (192, 12, 3),
            VitSize.Small => (384, 12, 6),
            VitSize.Base => (768, 12, 12),
            VitSize.Large => (1024, 24, 16),
            _ => throw new ArgumentOutOfRangeException(nameof(size)),
        };
        return new VitConfig
        {
            EmbedDim = dim,
            Depth = depth,
            NumHeads = heads,
            Registers = registers,
            Mode = mode,
            InChannels = mode == InputMode.Video ? 3 : 6,
        };
    }

    /// <summary>The named size this configuration matches, if any.</summary>
    public VitSize? NamedSize => Enum.GetValues<VitSize>()
        .Select(s => (VitSize?)s)
        .FirstOrDefault(s => ForSize(s!.Value) is var c && c.EmbedDim == EmbedDim && c.Depth == Depth && c.NumHeads == NumHeads);

    public void Validate()
    {
        if (EmbedDim <= 0 || Depth <= 0 || NumHeads <= 0 || EmbedDim % NumHeads != 0)
        {
            throw new ArgumentException($"embed dim {EmbedDim} must be positive and divisible by the head count {NumHeads}; depth {Depth} must be positive");
        }
        if (Registers < 0 || InChannels <= 0 || PatchSize <= 0)
        {
            throw new ArgumentException($"registers {Registers}, channels {InChannels}, patch {PatchSize}: out of range");
        }
        if (Height % PatchSize != 0 || Width % PatchSize != 0)
        {
            throw new ArgumentException($"input {Height}x{Width} is not a multiple of the patch size {PatchSize}");
        }
        if (Mode == InputMode.Video && (Tubelet <= 0 || NumFrames % Tubelet != 0))
        {
            throw new ArgumentException($"{NumFrames} frames cannot be cut into tubelets of {Tubelet}");
        }
    }
}
