using System.Buffers;
using K4os.Compression.LZ4;
using K4os.Compression.LZ4.Streams;
using ZstdSharp;

namespace SparshRobot.Mcap;

/// <summary>Chunk compression as MCAP names it: "" (none), "zstd", "lz4" (the LZ4 frame format, not raw blocks).</summary>
public enum McapCompressionKind
{
    None,
    Zstd,
    Lz4,
}

public static class McapCompression
{
    public static string Name(McapCompressionKind kind) => kind switch
    {
        McapCompressionKind.None => "",
        McapCompressionKind.Zstd => "zstd",
        McapCompressionKind.Lz4 => "lz4",
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    public static McapCompressionKind Parse(string name) => name switch
    {
        "" or "none" => McapCompressionKind.None,
        "zstd" => McapCompressionKind.Zstd,
        "lz4" => McapCompressionKind.Lz4,
        _ => throw new ArgumentException($"unknown MCAP compression '{name}' (expected none, zstd or lz4)"),
    };

    /// <summary>
    /// The most bytes <paramref name="source"/> can decompress to: the zstd frames' own bound (their content sizes when
    /// declared), or LZ4's worst-case ratio of 255 output bytes per input byte. An unknown compression is refused here,
    /// before anything is allocated for it.
    /// </summary>
    public static ulong MaxDecompressedSize(string compression, ReadOnlySpan<byte> source, string file, long chunkOffset)
    {
        switch (compression)
        {
            case "zstd":
                try
                {
                    return Decompressor.GetDecompressedSize(source);
                }
                catch (ZstdException e)
                {
                    throw new McapFormatException(file, chunkOffset, $"zstd chunk is not a zstd frame: {e.Message}", e);
                }
            case "lz4":
                return (ulong)source.Length * 255;
            default:
                throw Unsupported(compression, file, chunkOffset);
        }
    }

    /// <summary>Decompresses a chunk's records into <paramref name="destination"/>, which must be exactly the
    /// chunk's uncompressed size. Throws <see cref="McapFormatException"/> naming the chunk's offset.</summary>
    public static void Decompress(string compression, ReadOnlySpan<byte> source, Span<byte> destination,
        string file, long chunkOffset)
    {
        try
        {
            int written;
            switch (compression)
            {
                case "":
                    if (source.Length != destination.Length)
                    {
                        throw new McapFormatException(file, chunkOffset,
                            $"uncompressed chunk holds {source.Length} bytes but declares uncompressed_size {destination.Length}");
                    }

                    source.CopyTo(destination);
                    return;
                case "zstd":
                    using (var d = new Decompressor())
                    {
                        written = d.Unwrap(source, destination);
                    }

                    break;
                case "lz4":
                    var w = new ArrayBufferWriter<byte>(destination.Length);
                    LZ4Frame.Decode(source, w);
                    if (w.WrittenCount != destination.Length)
                    {
                        written = w.WrittenCount;
                        break;
                    }

                    w.WrittenSpan.CopyTo(destination);
                    written = w.WrittenCount;
                    break;
                default:
                    throw Unsupported(compression, file, chunkOffset);
            }

            if (written != destination.Length)
            {
                throw new McapFormatException(file, chunkOffset,
                    $"{compression} chunk decompressed to {written} bytes but declares uncompressed_size {destination.Length}");
            }
        }
        catch (Exception e) when (e is not McapFormatException)
        {
            throw new McapFormatException(file, chunkOffset, $"{compression} chunk failed to decompress: {e.Message}", e);
        }
    }

    private static McapFormatException Unsupported(string compression, string file, long chunkOffset) =>
        new(file, chunkOffset, $"unsupported chunk compression '{compression}' (expected \"\", zstd or lz4)");

    /// <summary>Compresses <paramref name="source"/> into <paramref name="output"/> (cleared first).</summary>
    public static void Compress(McapCompressionKind kind, ReadOnlySpan<byte> source, McapBuffer output, Compressor? zstd)
    {
        output.Clear();
        switch (kind)
        {
            case McapCompressionKind.None:
                output.Bytes(source);
                break;
            case McapCompressionKind.Zstd:
                var z = zstd ?? throw new ArgumentNullException(nameof(zstd));
                var dst = output.Reserve(Compressor.GetCompressBound(source.Length));
                int n = z.Wrap(source, dst);
                output.Truncate(n);
                break;
            case McapCompressionKind.Lz4:
                var w = new ArrayBufferWriter<byte>(source.Length / 2 + 64);
                LZ4Frame.Encode(source, w, LZ4Level.L00_FAST);
                output.Bytes(w.WrittenSpan);
                break;
        }
    }
}
