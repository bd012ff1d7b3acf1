using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using SparshRobot.Core.IO;

namespace SparshRobot.Core.Numerics;

/// <summary>Element types a <c>.npy</c> file may hold here: little-endian (or byte-sized) numeric scalars.</summary>
public enum NpyDType
{
    UInt8,
    Int32,
    Int64,
    Float16,
    Float32,
    Float64,
}

/// <summary>A malformed or unsupported <c>.npy</c> file; the message names the file and what was expected.</summary>
public sealed class NpyFormatException(string source, string problem)
    : Exception($"{source}: {problem}")
{
    /// <summary>The file (or stream description) that was being read.</summary>
    public string FilePath { get; } = source;
}

/// <summary>
/// A C-order NumPy array held as raw little-endian bytes. This is how tensors travel between Python and
/// SparshRobot (<c>np.save</c>/<c>np.load</c>), so it stays free of any tensor library.
/// </summary>
public sealed class NpyArray
{
    public NpyArray(NpyDType dtype, long[] shape, byte[] data)
    {
        var expected = checked(ElementCount(shape) * Npy.ElementSize(dtype));
        if (data.LongLength != expected)
        {
            throw new ArgumentException($"data holds {data.LongLength} bytes, shape ({string.Join(", ", shape)}) of {dtype} needs {expected}");
        }
        DType = dtype;
        Shape = shape;
        Data = data;
    }

    public NpyDType DType { get; }

    public long[] Shape { get; }

    /// <summary>The elements in C order, little-endian.</summary>
    public byte[] Data { get; }

    public long Count => ElementCount(Shape);

    public static NpyArray FromFloat32(ReadOnlySpan<float> values, params long[] shape)
    {
        var data = new byte[checked(values.Length * sizeof(float))];
        values.CopyTo(System.Runtime.InteropServices.MemoryMarshal.Cast<byte, float>(data.AsSpan()));
        return new NpyArray(NpyDType.Float32, shape, data);
    }

    public static NpyArray FromInt64(ReadOnlySpan<long> values, params long[] shape)
    {
        var data = new byte[checked(values.Length * sizeof(long))];
        values.CopyTo(System.Runtime.InteropServices.MemoryMarshal.Cast<byte, long>(data.AsSpan()));
        return new NpyArray(NpyDType.Int64, shape, data);
    }

    /// <summary>The elements converted to float32 (uint8 is NOT rescaled: callers decide what a byte means).</summary>
    public float[] ToFloat32()
    {
        var result = new float[Count];
        var bytes = Data.AsSpan();
        for (var i = 0; i < result.Length; i++)
        {
            result[i] = DType switch
            {
                NpyDType.UInt8 => bytes[i],
                NpyDType.Int32 => BinaryPrimitives.ReadInt32LittleEndian(bytes[(i * 4)..]),
                NpyDType.Int64 => BinaryPrimitives.ReadInt64LittleEndian(bytes[(i * 8)..]),
                NpyDType.Float16 => (float)BinaryPrimitives.ReadHalfLittleEndian(bytes[(i * 2)..]),
                NpyDType.Float32 => BinaryPrimitives.ReadSingleLittleEndian(bytes[(i * 4)..]),
                NpyDType.Float64 => (float)BinaryPrimitives.ReadDoubleLittleEndian(bytes[(i * 8)..]),
                _ => throw new InvalidOperationException($"unhandled dtype {DType}"),
            };
        }
        return result;
    }

    /// <summary>The elements as int64; only integer dtypes convert.</summary>
    public long[] ToInt64()
    {
        var result = new long[Count];
        var bytes = Data.AsSpan();
        for (var i = 0; i < result.Length; i++)
        {
            result[i] = DType switch
            {
                NpyDType.UInt8 => bytes[i],
                NpyDType.Int32 => BinaryPrimitives.ReadInt32LittleEndian(bytes[(i * 4)..]),
                NpyDType.Int64 => BinaryPrimitives.ReadInt64LittleEndian(bytes[(i * 8)..]),
                _ => throw new InvalidOperationException($"an integer array was expected, this one holds {Npy.Descr(DType)}"),
            };
        }
        return result;
    }

    internal static long ElementCount(long[] shape)
    {
        long n = 1;
        foreach (var d in shape)
        {
            if (d < 0)
            {
                throw new ArgumentException($"negative dimension {d}");
            }
            n = checked(n * d);
        }
        return n;
    }
}

/// <summary>
/// NumPy <c>.npy</c> reader and writer: format versions 1.0, 2.0 and 3.0, C order, little-endian numeric dtypes.
/// Anything else (Fortran order, big-endian, object or structured dtypes, a short data section) is rejected with
/// a message naming the file and the offending header field.
/// </summary>
public static class Npy
{
    private static readonly byte[] Magic = [0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y'];

    public static NpyArray Read(string path)
    {
        using var stream = File.OpenRead(path);
        return Read(stream, path);
    }

    public static NpyArray Read(Stream stream, string source)
    {
        var (dtype, shape) = ReadHeader(stream, source);
        var length = DataLength(dtype, shape, source);
        // The header's shape is outside input: a seekable stream is held to its size before anything is allocated.
        if (length > Array.MaxLength || (stream.CanSeek && length > stream.Length - stream.Position))
        {
            var held = stream.CanSeek ? $"{stream.Length - stream.Position} bytes" : "a stream";
            throw new NpyFormatException(source, $"data section holds {held}, shape ({string.Join(", ", shape)}) of {Descr(dtype)} needs {length}");
        }
        var data = new byte[length];
        var read = stream.ReadAtLeast(data, data.Length, throwOnEndOfStream: false);
        if (read < data.Length)
        {
            throw new NpyFormatException(source, $"data section holds {read} bytes, shape ({string.Join(", ", shape)}) of {Descr(dtype)} needs {length}");
        }
        return new NpyArray(dtype, shape, data);
    }

    /// <summary>Parses the header and leaves the stream at the first data byte.</summary>
    public static (NpyDType DType, long[] Shape) ReadHeader(Stream stream, string source)
    {
        Span<byte> prefix = stackalloc byte[8];
        if (stream.ReadAtLeast(prefix, 8, throwOnEndOfStream: false) < 8 || !prefix[..6].SequenceEqual(Magic))
        {
            throw new NpyFormatException(source, "not a .npy file (missing the \\x93NUMPY magic)");
        }
        int major = prefix[6], minor = prefix[7];
        int headerLength;
        if (major == 1 && minor == 0)
        {
            Span<byte> len = stackalloc byte[2];
            ReadExactly(stream, len, source, "header length");
            headerLength = BinaryPrimitives.ReadUInt16LittleEndian(len);
        }
        else if ((major == 2 || major == 3) && minor == 0)
        {
            Span<byte> len = stackalloc byte[4];
            ReadExactly(stream, len, source, "header length");
            var value = BinaryPrimitives.ReadUInt32LittleEndian(len);
            if (value > 1 << 24)
            {
                throw new NpyFormatException(source, $"header length {value} is implausibly large");
            }
            headerLength = (int)value;
        }
        else
        {
            throw new NpyFormatException(source, $"format version {major}.{minor} is not supported (expected 1.0, 2.0 or 3.0)");
        }
        var headerBytes = new byte[headerLength];
        ReadExactly(stream, headerBytes, source, "header");
        var text = (major == 3 ? Encoding.UTF8 : Encoding.Latin1).GetString(headerBytes);
        var fields = HeaderParser.Parse(text, source);
        if (!fields.TryGetValue("descr", out var descr) || descr is not string descrText)
        {
            throw new NpyFormatException(source, "header field 'descr' is missing or not a string");
        }
        if (!fields.TryGetValue("fortran_order", out var fortran) || fortran is not bool isFortran)
        {
            throw new NpyFormatException(source, "header field 'fortran_order' is missing or not True/False");
        }
        if (isFortran)
        {
            throw new NpyFormatException(source, "fortran_order is True; only C-order arrays are supported (use np.ascontiguousarray)");
        }
        if (!fields.TryGetValue("shape", out var shapeValue) || shapeValue is not long[] shape)
        {
            throw new NpyFormatException(source, "header field 'shape' is missing or not a tuple of integers");
        }
        if (fields.Count != 3)
        {
            throw new NpyFormatException(source, $"unexpected header fields: {string.Join(", ", fields.Keys.Except(["descr", "fortran_order", "shape"]))}");
        }
        return (ParseDescr(descrText, source), shape);
    }

    private static long DataLength(NpyDType dtype, long[] shape, string source)
    {
        // Dimensions are digits only (the header parser takes no sign): only their product can go wrong.
        try
        {
            return checked(NpyArray.ElementCount(shape) * ElementSize(dtype));
        }
        catch (OverflowException)
        {
            throw new NpyFormatException(source, $"shape ({string.Join(", ", shape)}) of {Descr(dtype)} is more bytes than a long can count");
        }
    }

    /// <summary>Writes atomically (<see cref="AtomicFile"/>): a reader never sees half an array.</summary>
    public static void Write(string path, NpyArray array) => AtomicFile.Write(path, stream => Write(stream, array));

    public static void Write(Stream stream, NpyArray array)
    {
        var shape = array.Shape.Length switch
        {
            0 => "()",
            1 => $"({array.Shape[0]},)",
            _ => "(" + string.Join(", ", array.Shape.Select(d => d.ToString(CultureInfo.InvariantCulture))) + ")",
        };
        var dict = $"{{'descr': '{Descr(array.DType)}', 'fortran_order': False, 'shape': {shape}, }}";
        // Pad so the data starts on a 64-byte boundary, as NumPy does; the header ends with a newline.
        var version1 = dict.Length + 1 + 10 <= ushort.MaxValue;
        var prefixLength = version1 ? 10 : 12;
        var total = (prefixLength + dict.Length + 1 + 63) / 64 * 64;
        var header = dict + new string(' ', total - prefixLength - dict.Length - 1) + "\n";
        stream.Write(Magic);
        stream.WriteByte(version1 ? (byte)1 : (byte)2);
        stream.WriteByte(0);
        Span<byte> len = stackalloc byte[4];
        if (version1)
        {
            BinaryPrimitives.WriteUInt16LittleEndian(len, (ushort)header.Length);
            stream.Write(len[..2]);
        }
        else
        {
            BinaryPrimitives.WriteUInt32LittleEndian(len, (uint)header.Length);
            stream.Write(len);
        }
        stream.Write(Encoding.Latin1.GetBytes(header));
        stream.Write(array.Data);
    }

    public static int ElementSize(NpyDType dtype) => dtype switch
    {
        NpyDType.UInt8 => 1,
        NpyDType.Float16 => 2,
        NpyDType.Int32 or NpyDType.Float32 => 4,
        NpyDType.Int64 or NpyDType.Float64 => 8,
        _ => throw new ArgumentOutOfRangeException(nameof(dtype)),
    };

    public static string Descr(NpyDType dtype) => dtype switch
    {
        NpyDType.UInt8 => "|u1",
        NpyDType.Int32 => "<i4",
        NpyDType.Int64 => "<i8",
        NpyDType.Float16 => "<f2",
        NpyDType.Float32 => "<f4",
        NpyDType.Float64 => "<f8",
        _ => throw new ArgumentOutOfRangeException(nameof(dtype)),
    };

    private static NpyDType ParseDescr(string descr, string source) => descr switch
    {
        "|u1" or "<u1" or "u1" => NpyDType.UInt8,
        "<i4" => NpyDType.Int32,
        "<i8" => NpyDType.Int64,
        "<f2" => NpyDType.Float16,
        "<f4" => NpyDType.Float32,
        "<f8" => NpyDType.Float64,
        _ when descr.StartsWith('>') => throw new NpyFormatException(source, $"descr '{descr}' is big-endian; only little-endian is supported (use arr.astype('<f4'))"),
        _ => throw new NpyFormatException(source, $"descr '{descr}' is not supported (expected one of |u1, <i4, <i8, <f2, <f4, <f8)"),
    };

    private static void ReadExactly(Stream stream, Span<byte> buffer, string source, string what)
    {
        if (stream.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false) < buffer.Length)
        {
            throw new NpyFormatException(source, $"file ends inside the {what}");
        }
    }

    /// <summary>The header is a Python dict literal; only the subset NumPy writes is accepted.</summary>
    private ref struct HeaderParser(string text, string source)
    {
        private readonly string _text = text;
        private readonly string _source = source;
        private int _pos;

        public static Dictionary<string, object> Parse(string text, string source)
        {
            var parser = new HeaderParser(text.TrimEnd(' ', '\n', '\0'), source);
            return parser.ParseDict();
        }

        private Dictionary<string, object> ParseDict()
        {
            var result = new Dictionary<string, object>();
            SkipSpace();
            Expect('{');
            while (true)
            {
                SkipSpace();
                if (TryTake('}'))
                {
                    break;
                }
                var key = ParseString();
                SkipSpace();
                Expect(':');
                SkipSpace();
                if (!result.TryAdd(key, ParseValue()))
                {
                    throw Fail($"header field '{key}' appears twice");
                }
                SkipSpace();
                if (!TryTake(','))
                {
                    SkipSpace();
                    Expect('}');
                    break;
                }
            }
            SkipSpace();
            if (_pos != _text.Length)
            {
                throw Fail($"unexpected text after the header dict at column {_pos}");
            }
            return result;
        }

        private object ParseValue()
        {
            if (_pos < _text.Length && _text[_pos] is '\'' or '"')
            {
                return ParseString();
            }
            if (Take("True"))
            {
                return true;
            }
            if (Take("False"))
            {
                return false;
            }
            if (TryTake('('))
            {
                var dims = new List<long>();
                while (true)
                {
                    SkipSpace();
                    if (TryTake(')'))
                    {
                        break;
                    }
                    var start = _pos;
                    while (_pos < _text.Length && char.IsAsciiDigit(_text[_pos]))
                    {
                        _pos++;
                    }
                    if (start == _pos || !long.TryParse(_text.AsSpan(start, _pos - start), NumberStyles.None, CultureInfo.InvariantCulture, out var dim))
                    {
                        throw Fail($"shape entry at column {start} is not a non-negative integer");
                    }
                    dims.Add(dim);
                    SkipSpace();
                    if (!TryTake(','))
                    {
                        SkipSpace();
                        Expect(')');
                        break;
                    }
                }
                return dims.ToArray();
            }
            throw Fail($"unsupported header value at column {_pos}");
        }

        private string ParseString()
        {
            if (_pos >= _text.Length || _text[_pos] is not ('\'' or '"'))
            {
                throw Fail($"expected a quoted string at column {_pos}");
            }
            var quote = _text[_pos++];
            var end = _text.IndexOf(quote, _pos);
            if (end < 0)
            {
                throw Fail("unterminated string in header");
            }
            var value = _text[_pos..end];
            _pos = end + 1;
            return value;
        }

        private void SkipSpace()
        {
            while (_pos < _text.Length && _text[_pos] is ' ' or '\t' or '\n')
            {
                _pos++;
            }
        }

        private bool TryTake(char c)
        {
            if (_pos < _text.Length && _text[_pos] == c)
            {
                _pos++;
                return true;
            }
            return false;
        }

        private bool Take(string word)
        {
            if (string.CompareOrdinal(_text, _pos, word, 0, word.Length) == 0)
            {
                _pos += word.Length;
                return true;
            }
            return false;
        }

        private void Expect(char c)
        {
            if (!TryTake(c))
            {
                throw Fail($"expected '{c}' at column {_pos} of the header");
            }
        }

        private readonly NpyFormatException Fail(string problem) => new(_source, "malformed header: " + problem);
    }
}
