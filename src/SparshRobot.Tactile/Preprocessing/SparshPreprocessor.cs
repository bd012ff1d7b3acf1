using SparshRobot.Core.Sensing;
using SparshRobot.Tactile.Calibration;

namespace SparshRobot.Tactile.Preprocessing;

/// <summary>
/// Turns one sensor frame into one Sparsh input image: float32 planes R, G, B (CHW, values in [0,1]), exactly as
/// Sparsh's own loaders (docs/design-notes.md, "Sparsh input preprocessing"):
/// background subtraction in int32 with uint8 truncation at the frame's own resolution, BGR to RGB, rotation to
/// portrait (90 degrees clockwise when h &lt; w), the central <c>int(h*3/4)</c> rows when the aspect is not 4:3,
/// scaling to [0,1], antialiased bilinear resize to <see cref="Size"/>. No mean/std normalisation.
/// </summary>
/// <remarks>
/// Output is a plain <see cref="Span{T}"/> of floats in NCHW order so this layer does not depend on TorchSharp;
/// the encoder wraps the buffer into a tensor. One instance per sensor stream: it keeps scratch buffers and is not
/// thread-safe.
/// </remarks>
public sealed class SparshPreprocessor(SparshInputSize size)
{
    private byte[] _planes = [];
    private byte[] _diff = [];
    private byte[] _bgrBackground = [];
    private BackgroundImage? _bgrSource;
    private AntialiasedResize? _resize;

    public SparshInputSize Size { get; } = size;

    /// <summary>
    /// Preprocessed values in [0, 1] back to bytes, rounded, for storing: an input is value * 255 of a byte difference,
    /// so this loses nothing but the resize's fractions.
    /// </summary>
    public static void Quantize(ReadOnlySpan<float> values, Span<byte> bytes)
    {
        for (var j = 0; j < values.Length; j++)
        {
            bytes[j] = (byte)Math.Clamp(MathF.Round(values[j] * 255f), 0f, 255f);
        }
    }

    /// <summary>Writes 3 x H x W floats for <paramref name="frame"/> into <paramref name="output"/>.</summary>
    /// <param name="background">The sensor's background (same size, sensor-frame layout), or null for sensors Sparsh feeds raw (GelSight 2017, T4, T5).</param>
    public void Process(TactileFrame frame, BackgroundImage? background, Span<float> output)
    {
        ArgumentNullException.ThrowIfNull(frame);
        if (output.Length < Size.FrameLength)
        {
            throw new ArgumentException($"output holds {output.Length} floats; one {Size} RGB image needs {Size.FrameLength}", nameof(output));
        }
        var (redOffset, blueOffset) = ChannelOffsets(frame);
        background?.EnsureFits(frame);

        var rotate = frame.Height < frame.Width;
        var height = rotate ? frame.Width : frame.Height;
        var width = rotate ? frame.Height : frame.Width;
        var plane = height * width;
        if (_planes.Length != 3 * plane)
        {
            _planes = new byte[3 * plane];
        }
        var pixels = frame.Pixels.Span;
        if (background is not null)
        {
            if (_diff.Length != pixels.Length)
            {
                _diff = new byte[pixels.Length];
            }
            // Subtract in the frame's own channel order (a BGR copy of the background is made once), then deinterleave.
            BackgroundSubtraction.Diff(pixels, redOffset == 0 ? background.Rgb : BgrOf(background), _diff);
            pixels = _diff;
        }
        Deinterleave(pixels, frame.Width, frame.Height, redOffset, blueOffset, rotate, _planes);

        // Reference 1.1 step 3: not a true 4:3 crop, it keeps int(h*3/4) central rows and lets the resize stretch.
        var top = 0;
        var rows = height;
        if (height * 3 != width * 4)
        {
            rows = (int)(height * 3 / 4.0);
            top = (height - rows) / 2;
        }
        if (_resize is null || _resize.InHeight != rows || _resize.InWidth != width)
        {
            _resize = new AntialiasedResize(rows, width, Size.Height, Size.Width);
        }
        for (var c = 0; c < 3; c++)
        {
            var source = _planes.AsSpan(c * plane + top * width, rows * width);
            _resize.Resize(source, width, 1f / 255f, output.Slice(c * Size.PlaneLength, Size.PlaneLength));
        }
    }

    /// <summary>Refuses, as <see cref="Process"/> would, a frame it cannot preprocess (wrong encoding or size for the background).</summary>
    public static void EnsureSupported(TactileFrame frame, BackgroundImage? background)
    {
        ChannelOffsets(frame);
        background?.EnsureFits(frame);
    }

    private static (int Red, int Blue) ChannelOffsets(TactileFrame frame) => frame.Encoding switch
    {
        PixelEncoding.Rgb8 => (0, 2),
        PixelEncoding.Bgr8 => (2, 0),
        _ => throw new ArgumentException(
            $"frame of sensor '{frame.SensorId}' is {frame.Encoding.RosName()}; Sparsh preprocessing takes rgb8 or bgr8", nameof(frame)),
    };

    private byte[] BgrOf(BackgroundImage background)
    {
        if (!ReferenceEquals(_bgrSource, background))
        {
            _bgrBackground = Capture.RawImage.SwapRedBlue(background.Rgb);
            _bgrSource = background;
        }
        return _bgrBackground;
    }

    /// <summary>Interleaved pixels to R, G, B planes, rotating 90 degrees clockwise when asked.</summary>
    private static unsafe void Deinterleave(ReadOnlySpan<byte> pixels, int width, int height, int redOffset, int blueOffset, bool rotate, Span<byte> planes)
    {
        var plane = width * height;
        fixed (byte* src = pixels)
        fixed (byte* dst = planes)
        {
            byte* red = dst, green = dst + plane, blue = dst + 2 * plane;
            for (var y = 0; y < height; y++)
            {
                var s = src + y * width * 3;
                for (var x = 0; x < width; x++, s += 3)
                {
                    // Clockwise: source (y, x) lands at row x, column (height - 1 - y) of a height-wide portrait image.
                    var o = rotate ? x * height + (height - 1 - y) : y * width + x;
                    red[o] = s[redOffset];
                    green[o] = s[1];
                    blue[o] = s[blueOffset];
                }
            }
        }
    }
}
