using System.Buffers.Binary;
using System.IO.Compression;
using SparshRobot.Core.IO;
using SparshRobot.Core.Numerics;

namespace SparshRobot.Policy.Embeddings;

/// <summary>
/// <c>&lt;sensor&gt;.tokens</c>: one episode's (T, N, D) float16 tokens, losslessly packed. Most patches of a tactile
/// image do not change from one step to the next, so each step's bits are XORed with the previous step's, the high
/// and low bytes of every value are split into two planes (the high plane is then mostly zeros) and the lot is
/// deflated: about a third of the <c>.npy</c> bytes, read back bit for bit. Layout, little-endian:
/// <code>"SRTOKENS" int32 version (1), int64 T, N, D, then the deflate stream of [high plane, low plane]</code>
/// </summary>
public static class TokenFile
{
    public const string Extension = ".tokens";

    public const int Version = 1;

    private static readonly byte[] Magic = "SRTOKENS"u8.ToArray();

    private const int HeaderBytes = 8 + 4 + 3 * 8;

    /// <param name="tokens">(T, N, D) float16.</param>
    public static void Write(string path, NpyArray tokens)
    {
        if (tokens.DType != NpyDType.Float16 || tokens.Shape.Length != 3)
        {
            throw new ArgumentException($"{path}: tokens must be (T, N, D) float16, found {Npy.Descr(tokens.DType)} ({string.Join(", ", tokens.Shape)})", nameof(tokens));
        }
        var data = tokens.Data;
        var values = data.Length / 2;
        var step = checked((int)(tokens.Shape[1] * tokens.Shape[2] * 2));
        var planes = new byte[data.Length];
        for (var i = 0; i < values; i++)
        {
            var b = 2 * i;
            var (low, high) = b >= step ? (data[b] ^ data[b - step], data[b + 1] ^ data[b + 1 - step]) : (data[b], data[b + 1]);
            planes[i] = (byte)high;
            planes[values + i] = (byte)low;
        }
        AtomicFile.Write(path, stream =>
        {
            var header = new byte[HeaderBytes];
            Magic.CopyTo(header, 0);
            BinaryPrimitives.WriteInt32LittleEndian(header.AsSpan(8), Version);
            for (var d = 0; d < 3; d++)
            {
                BinaryPrimitives.WriteInt64LittleEndian(header.AsSpan(12 + 8 * d), tokens.Shape[d]);
            }
            stream.Write(header);
            using var deflate = new DeflateStream(stream, CompressionLevel.Optimal, leaveOpen: true);
            deflate.Write(planes);
        });
    }

    /// <summary>Reads the tokens back as (T, N, D) float16.</summary>
    /// <exception cref="InvalidDataException">Not a token file of a known version, or cut short.</exception>
    public static NpyArray Read(string path)
    {
        using var stream = File.OpenRead(path);
        var header = new byte[HeaderBytes];
        if (stream.ReadAtLeast(header, HeaderBytes, throwOnEndOfStream: false) < HeaderBytes || !header.AsSpan(0, 8).SequenceEqual(Magic))
        {
            throw new InvalidDataException($"{path}: not a token file (expected a {HeaderBytes}-byte header starting with \"SRTOKENS\")");
        }
        var version = BinaryPrimitives.ReadInt32LittleEndian(header.AsSpan(8));
        if (version != Version)
        {
            throw new InvalidDataException($"{path}: token file version {version} is not supported (this build reads version {Version})");
        }
        long[] shape = [.. Enumerable.Range(0, 3).Select(d => BinaryPrimitives.ReadInt64LittleEndian(header.AsSpan(12 + 8 * d)))];
        if (shape.Any(n => n <= 0) || shape.Aggregate(2L, (a, b) => a * b) > int.MaxValue)
        {
            throw new InvalidDataException($"{path}: token shape ({string.Join(", ", shape)}) is not a positive (T, N, D) of at most 2 GB");
        }
        var planes = new byte[shape.Aggregate(2L, (a, b) => a * b)];
        int read;
        try
        {
            using var inflate = new DeflateStream(stream, CompressionMode.Decompress);
            read = inflate.ReadAtLeast(planes, planes.Length, throwOnEndOfStream: false);
        }
        catch (InvalidDataException e)
        {
            throw new InvalidDataException($"{path}: corrupt token data: {e.Message}", e);
        }
        if (read < planes.Length)
        {
            throw new InvalidDataException($"{path}: truncated: {read} of the {planes.Length} bytes of ({string.Join(", ", shape)}) float16 tokens");
        }
        var values = planes.Length / 2;
        var step = (int)(shape[1] * shape[2] * 2);
        var data = new byte[planes.Length];
        for (var i = 0; i < values; i++)
        {
            var b = 2 * i;
            var (low, high) = (planes[values + i], planes[i]);
            data[b] = b >= step ? (byte)(low ^ data[b - step]) : low;
            data[b + 1] = b >= step ? (byte)(high ^ data[b + 1 - step]) : high;
        }
        return new NpyArray(NpyDType.Float16, shape, data);
    }
}
