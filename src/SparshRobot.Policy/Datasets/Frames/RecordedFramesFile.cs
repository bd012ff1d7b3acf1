using System.IO.Compression;
using System.Text;
using SparshRobot.Core.IO;
using SparshRobot.Ros.Messages.SensorMsgs;

namespace SparshRobot.Policy.Datasets.Frames;

/// <summary>
/// <c>frames.bin</c>, one sensor's <see cref="RecordedFrames"/> of an episode, little-endian:
/// <code>
/// "SRFRAMES" int32 version (1)
/// string sensor, topic, message type, profile           (length-prefixed UTF-8)
/// int32 background bytes (-1: the first message), bytes
/// int32 frames, per frame: int32 index, int64 sequence, int64 stamp, int32 stored bytes, bytes
/// int32 steps, per step: int32 newest, int32 older    (indices into the frames)
/// </code>
/// Raw <c>sensor_msgs/Image</c> messages are stored deflated (they shrink to about a third); compressed images as they
/// are, since JPEG does not deflate.
/// </summary>
public static class RecordedFramesFile
{
    public const string FileName = "frames.bin";

    public const int Version = 1;

    private static readonly byte[] Magic = "SRFRAMES"u8.ToArray();

    public static void Save(string path, RecordedFrames frames)
    {
        var deflate = frames.Stream.Type == Image.TypeName;
        AtomicFile.Replace(path, temp =>
        {
            using var writer = new BinaryWriter(File.Create(temp), Encoding.UTF8);
            writer.Write(Magic);
            writer.Write(Version);
            writer.Write(frames.Stream.Sensor);
            writer.Write(frames.Stream.Topic);
            writer.Write(frames.Stream.Type);
            writer.Write(frames.Profile);
            writer.Write(frames.Background?.Length ?? -1);
            writer.Write(frames.Background ?? []);
            writer.Write(frames.Frames.Count);
            foreach (var frame in frames.Frames)
            {
                var stored = deflate ? Deflate(frame.Message) : frame.Message;
                writer.Write(frame.Index);
                writer.Write(frame.Sequence);
                writer.Write(frame.Stamp);
                writer.Write(stored.Length);
                writer.Write(stored);
            }
            writer.Write(frames.Steps);
            foreach (var (newest, older) in frames.Pairs)
            {
                writer.Write(newest);
                writer.Write(older);
            }
        });
    }

    /// <param name="steps">The step count the manifest declares for the episode.</param>
    /// <exception cref="InvalidDataException">The file is not a frames file of a known version, is cut short, or disagrees with the manifest.</exception>
    public static RecordedFrames Load(string path, int steps)
    {
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"{path}: the episode's recorded frames are missing", path);
        }
        using var stream = File.OpenRead(path);
        using var reader = new BinaryReader(stream, Encoding.UTF8);
        var what = "the header";
        try
        {
            if (!reader.ReadBytes(Magic.Length).AsSpan().SequenceEqual(Magic))
            {
                throw new InvalidDataException($"{path}: not a recorded-frames file (expected it to start with \"SRFRAMES\")");
            }
            var version = reader.ReadInt32();
            if (version != Version)
            {
                throw new InvalidDataException($"{path}: recorded-frames version {version} is not supported (this build reads version {Version})");
            }
            var recorded = new RecordedStream(reader.ReadString(), reader.ReadString(), reader.ReadString());
            var profile = reader.ReadString();
            what = "the background";
            var backgroundLength = reader.ReadInt32();
            var background = backgroundLength < 0 ? null : ReadExactly(reader, Count(backgroundLength, stream, path, what), path, what);
            var count = Count(reader.ReadInt32(), stream, path, "the frame count");
            var deflated = recorded.Type == Image.TypeName;
            var frames = new RecordedFrame[count];
            for (var i = 0; i < count; i++)
            {
                what = $"frame {i} of {count}";
                var (index, sequence, stamp) = (reader.ReadInt32(), reader.ReadInt64(), reader.ReadInt64());
                var stored = ReadExactly(reader, Count(reader.ReadInt32(), stream, path, what), path, what);
                frames[i] = new RecordedFrame(index, sequence, stamp, deflated ? Inflate(stored, path, what) : stored);
            }
            what = "the step count";
            var pairCount = reader.ReadInt32();
            if (pairCount != steps)
            {
                throw new InvalidDataException($"{path}: holds {pairCount} steps, the manifest declares {steps}");
            }
            var pairs = new (int, int)[pairCount];
            for (var k = 0; k < pairCount; k++)
            {
                what = $"the frame pair of step {k} of {pairCount}";
                var (newest, older) = (reader.ReadInt32(), reader.ReadInt32());
                if ((uint)newest >= count || (uint)older >= count)
                {
                    throw new InvalidDataException($"{path}: step {k} pairs frames {newest} and {older}, expected indices below {count}");
                }
                pairs[k] = (newest, older);
            }
            if (stream.Position != stream.Length)
            {
                throw new InvalidDataException($"{path}: {stream.Length - stream.Position} bytes after the last step's frame pair, expected none");
            }
            return new RecordedFrames(recorded, profile, background, frames, pairs);
        }
        catch (EndOfStreamException)
        {
            throw Truncated(path, stream.Length, what);
        }
    }

    private static int Count(int value, Stream stream, string path, string what) =>
        value >= 0 && value <= stream.Length - stream.Position ? value : throw Truncated(path, stream.Length, $"{what} ({value} bytes or entries declared)");

    private static byte[] ReadExactly(BinaryReader reader, int count, string path, string what)
    {
        var bytes = reader.ReadBytes(count);
        return bytes.Length == count ? bytes : throw Truncated(path, reader.BaseStream.Length, what);
    }

    private static InvalidDataException Truncated(string path, long length, string what) =>
        new($"{path}: truncated or corrupt: its {length} bytes end inside {what}; delete the episode folder and rebuild it with 'sparsh-robot dataset build --resume'");

    private static byte[] Deflate(byte[] data)
    {
        using var output = new MemoryStream();
        using (var deflate = new DeflateStream(output, CompressionLevel.Fastest))
        {
            deflate.Write(data);
        }
        return output.ToArray();
    }

    private static byte[] Inflate(byte[] data, string path, string what)
    {
        try
        {
            using var inflate = new DeflateStream(new MemoryStream(data), CompressionMode.Decompress);
            using var output = new MemoryStream();
            inflate.CopyTo(output);
            return output.ToArray();
        }
        catch (InvalidDataException e)
        {
            throw new InvalidDataException($"{path}: {what} does not inflate: {e.Message}", e);
        }
    }
}
