using OpenCvSharp;
using SparshRobot.Core.Numerics;
using SparshRobot.Core.Sensing;
using SparshRobot.Core.Time;
using SparshRobot.Ros.Messages;
using SparshRobot.Ros.Messages.SensorMsgs;
using SparshRobot.Tactile.Calibration;
using SparshRobot.Tactile.Capture;
using SparshRobot.Tactile.Preprocessing;
using SparshRobot.Tactile.Profiles;

namespace SparshRobot.Policy.Datasets.Frames;

/// <summary>One message of a tactile topic as the bag holds it: its index on the topic, native-rate sequence, stamp (ns) and CDR bytes.</summary>
public sealed record RecordedFrame(int Index, long Sequence, long Stamp, byte[] Message);

/// <summary>A tactile topic of a bag: what decodes its messages into frames.</summary>
public sealed record RecordedStream(string Sensor, string Topic, string Type)
{
    /// <exception cref="InvalidDataException">The message is not an image of the stream's type.</exception>
    public TactileFrame Decode(RecordedFrame frame)
    {
        try
        {
            if (Type == Image.TypeName)
            {
                return RosSerializer.DeserializeShared<Image>(frame.Message).ToTactileFrame(ClockKind.Wall, frame.Sequence);
            }
            var compressed = RosSerializer.DeserializeShared<CompressedImage>(frame.Message);
            var raw = compressed.DecodePixels($"{Topic} message {frame.Index}");
            return raw.ToFrame(string.IsNullOrEmpty(compressed.Header.FrameId) ? Sensor : compressed.Header.FrameId,
                Timestamp.FromNanoseconds(frame.Stamp, ClockKind.Wall), frame.Sequence);
        }
        catch (Exception e) when (e is ArgumentException or OpenCVException or Ros.Cdr.CdrFormatException or InvalidDataException)
        {
            throw new InvalidDataException($"{Topic}: message {frame.Index} does not decode: {e.Message}", e);
        }
    }
}

/// <summary>
/// One sensor's inputs of an episode kept as the recorded messages they are made from: the frames some step uses
/// (as the bag holds them, JPEG when the topic is compressed), the background image file, and per step which two
/// frames form its <c>[I_t, I_(t-stride)]</c> pair. <see cref="Render"/> runs the dataset builder's own decoding and
/// preprocessing, so the uint8 inputs are exactly those the builder made, at a fraction of their bytes: a stored
/// input is 6 x 224 x 224 bytes, while the JPEG frames behind it take a few kilobytes.
/// </summary>
public sealed class RecordedFrames
{
    /// <param name="background">The background image file's bytes (PNG, ...), or null when the topic's first message is the background.</param>
    /// <param name="pairs">Per policy step, indices into <paramref name="frames"/> of the newest frame and its stride partner.</param>
    public RecordedFrames(RecordedStream stream, string profile, byte[]? background, IReadOnlyList<RecordedFrame> frames, IReadOnlyList<(int Newest, int Older)> pairs)
    {
        Stream = stream;
        Profile = profile;
        Background = background;
        Frames = frames;
        Pairs = pairs;
    }

    public RecordedStream Stream { get; }

    /// <summary>Sensor profile name (<see cref="SensorProfile.FromName"/>).</summary>
    public string Profile { get; }

    public byte[]? Background { get; }

    public IReadOnlyList<RecordedFrame> Frames { get; }

    public IReadOnlyList<(int Newest, int Older)> Pairs { get; }

    public int Steps => Pairs.Count;

    /// <summary>The background the builder subtracted: the image file, or the topic's first message (the reference's first-frame procedure).</summary>
    /// <param name="source">What the background belongs to, for the error message.</param>
    public BackgroundImage LoadBackground(string source)
    {
        var profile = SensorProfile.FromName(Profile);
        if (Background is not null)
        {
            return BackgroundFrom(Background, profile, $"{source}: background of sensor '{Stream.Sensor}'");
        }
        if (Frames.Count == 0 || Frames[0].Index != 0)
        {
            throw new InvalidDataException($"{source}: sensor '{Stream.Sensor}' takes its first message as the background, but message 0 is not stored");
        }
        return BackgroundOf(Stream.Decode(Frames[0]), profile);
    }

    /// <summary>An image file's bytes as a background.</summary>
    /// <exception cref="InvalidDataException">The bytes are not an image; the message starts with <paramref name="source"/>.</exception>
    public static BackgroundImage BackgroundFrom(byte[] file, SensorProfile profile, string source)
    {
        var raw = RawImage.Decode(file, source);
        return new BackgroundImage(profile.Name, raw.Width, raw.Height, raw.ToRgb());
    }

    /// <summary>A frame as a background (same pixels, RGB).</summary>
    public static BackgroundImage BackgroundOf(TactileFrame frame, SensorProfile profile) =>
        new(profile.Name, frame.Width, frame.Height, new RawImage(frame.Width, frame.Height, frame.Encoding, frame.Pixels.ToArray()).ToRgb());

    /// <summary>Every step's input, (T, 6, H, W) uint8, each frame decoded and preprocessed once.</summary>
    /// <param name="source">The file the frames came from, for error messages.</param>
    public NpyArray Render(SparshInputSize size, string source)
    {
        var renderer = new Renderer(this, size, source);
        var frames = new byte[Frames.Count][];
        var length = 2 * size.FrameLength;
        var output = new byte[(long)Steps * length];
        for (var k = 0; k < Steps; k++)
        {
            var (newest, older) = Pairs[k];
            frames[newest] ??= renderer.Frame(newest);
            frames[older] ??= renderer.Frame(older);
            frames[newest].CopyTo(output.AsSpan(k * length, size.FrameLength));
            frames[older].CopyTo(output.AsSpan(k * length + size.FrameLength, size.FrameLength));
        }
        return new NpyArray(NpyDType.UInt8, [Steps, 6, size.Height, size.Width], output);
    }

    /// <summary>The 6 x H x W uint8 inputs of <paramref name="steps"/>, in that order: two frames decoded per step, for random access.</summary>
    public IEnumerable<byte[]> RenderSteps(IEnumerable<int> steps, SparshInputSize size, string source)
    {
        var renderer = new Renderer(this, size, source);
        foreach (var step in steps)
        {
            var (newest, older) = Pairs[step];
            yield return [.. renderer.Frame(newest), .. renderer.Frame(older)];
        }
    }

    /// <summary>
    /// Decodes and preprocesses single frames as <see cref="SparshSensorPipeline.Push"/> does (background subtracted
    /// when the profile says so), then quantizes them as the builder did: a stored input is two such frames.
    /// </summary>
    private sealed class Renderer
    {
        private readonly RecordedFrames _frames;
        private readonly SparshPreprocessor _preprocessor;
        private readonly BackgroundImage? _background;
        private readonly float[] _values;
        private readonly string _source;

        public Renderer(RecordedFrames frames, SparshInputSize size, string source)
        {
            _frames = frames;
            _preprocessor = new SparshPreprocessor(size);
            _background = SensorProfile.FromName(frames.Profile).SubtractBackground ? frames.LoadBackground(source) : null;
            _values = new float[size.FrameLength];
            _source = source;
        }

        public byte[] Frame(int index)
        {
            TactileFrame frame;
            try
            {
                frame = _frames.Stream.Decode(_frames.Frames[index]);
            }
            catch (InvalidDataException e)
            {
                throw new InvalidDataException($"{_source}: {e.Message}", e);
            }
            _preprocessor.Process(frame, _background, _values);
            var bytes = new byte[_values.Length];
            SparshPreprocessor.Quantize(_values, bytes);
            return bytes;
        }
    }
}
