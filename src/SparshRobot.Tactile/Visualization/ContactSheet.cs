using OpenCvSharp;
using SparshRobot.Core.Sensing;
using SparshRobot.Tactile.Calibration;
using SparshRobot.Tactile.Capture;
using SparshRobot.Tactile.Preprocessing;

namespace SparshRobot.Tactile.Visualization;

/// <summary>
/// A PNG grid showing, per frame, what the encoder is fed: the raw sensor frame, its background-subtracted Sparsh
/// image I_t, and the stacked partner I_(t-stride) (channels 3-5 of the 6-channel input).
/// </summary>
public sealed class ContactSheet(SparshSensorPipeline pipeline) : IDisposable
{
    private readonly List<(Mat Raw, Mat Now, Mat Before, string Label)> _rows = [];

    public int Rows => _rows.Count;

    public void Add(TactileFrame frame)
    {
        pipeline.Push(frame);
        var input = new float[pipeline.Stack.InputLength];
        pipeline.WriteInput(input);
        var size = pipeline.Stack.Size;
        var (newest, older) = pipeline.Stack.PairSequences();
        var raw = new RawImage(frame.Width, frame.Height, frame.Encoding, frame.Pixels.ToArray()).ToRgb();
        var rawMat = ToBgrMat(raw, frame.Width, frame.Height);
        using var rawResized = rawMat.Resize(new Size(size.Width, size.Height), 0, 0, InterpolationFlags.Area);
        rawMat.Dispose();
        _rows.Add((rawResized.Clone(), PlanesToMat(input.AsSpan(0, size.FrameLength), size), PlanesToMat(input.AsSpan(size.FrameLength, size.FrameLength), size),
            $"seq {newest} | I_t | I_t-{pipeline.Stack.Stride} (seq {older})"));
    }

    public void Save(string path)
    {
        if (_rows.Count == 0)
        {
            throw new InvalidOperationException("contact sheet has no frames");
        }
        var lines = _rows.Select(r =>
        {
            var line = new Mat();
            Cv2.HConcat([r.Raw, r.Now, r.Before], line);
            Cv2.PutText(line, r.Label, new Point(4, 14), HersheyFonts.HersheySimplex, 0.4, Scalar.White, 1, LineTypes.AntiAlias);
            return line;
        }).ToArray();
        using var sheet = new Mat();
        Cv2.VConcat(lines, sheet);
        foreach (var line in lines)
        {
            line.Dispose();
        }
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        if (!Cv2.ImWrite(path, sheet))
        {
            throw new IOException($"{path}: could not write the contact sheet (use a .png name)");
        }
    }

    public void Dispose()
    {
        foreach (var (raw, now, before, _) in _rows)
        {
            raw.Dispose();
            now.Dispose();
            before.Dispose();
        }
        _rows.Clear();
    }

    private static Mat ToBgrMat(byte[] rgb, int width, int height)
    {
        var bgr = RawImage.SwapRedBlue(rgb);
        return Mat.FromPixelData(height, width, MatType.CV_8UC3, bgr).Clone();
    }

    private static Mat PlanesToMat(ReadOnlySpan<float> chw, SparshInputSize size)
    {
        var plane = size.PlaneLength;
        var rgb = new byte[plane * 3];
        for (var p = 0; p < plane; p++)
        {
            for (var c = 0; c < 3; c++)
            {
                rgb[p * 3 + c] = (byte)Math.Clamp((int)MathF.Round(chw[c * plane + p] * 255f), 0, 255);
            }
        }
        return ToBgrMat(rgb, size.Width, size.Height);
    }
}
