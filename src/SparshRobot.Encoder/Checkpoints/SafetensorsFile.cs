using System.Globalization;
using System.IO.MemoryMappedFiles;
using System.Runtime.InteropServices;
using System.Text.Json;
using TorchSharp;
using static TorchSharp.torch;

namespace SparshRobot.Encoder.Checkpoints;

/// <summary>
/// Reads a <c>.safetensors</c> file: an 8-byte little-endian header length, a JSON header mapping each key to
/// dtype, shape and [begin, end) data offsets, then the raw data. The file is memory-mapped and each tensor is
/// copied straight into its destination, then its mapped pages are handed back (they count as resident memory
/// until then: loading a base checkpoint peaked at twice its size without that), so peak memory stays near one
/// copy of the weights. The header is
/// validated completely up front (sizes, offsets, overlaps, truncation) and every problem names the file.
/// </summary>
public sealed unsafe partial class SafetensorsFile : ITensorSource
{
    private const long MaxHeaderBytes = 100L * 1024 * 1024;
    private const int MadviseDontNeed = 4;

    private readonly MemoryMappedFile _map;
    private readonly MemoryMappedViewAccessor _view;
    private readonly byte* _base;
    private readonly long _dataStart;
    private readonly Dictionary<string, (long Begin, long End)> _offsets = [];
    private readonly Dictionary<string, TensorEntry> _entries = [];
    private readonly Dictionary<string, string> _metadata = [];

    private SafetensorsFile(string path)
    {
        FilePath = path;
        var length = new FileInfo(path).Length;
        if (length < 8)
        {
            throw new CheckpointException(path, $"file is {length} bytes, too short for a safetensors header");
        }
        _map = MemoryMappedFile.CreateFromFile(path, FileMode.Open, null, 0, MemoryMappedFileAccess.Read);
        _view = _map.CreateViewAccessor(0, 0, MemoryMappedFileAccess.Read);
        byte* pointer = null;
        _view.SafeMemoryMappedViewHandle.AcquirePointer(ref pointer);
        _base = pointer + _view.PointerOffset;
        try
        {
            var headerLength = *(long*)_base;
            if (!BitConverter.IsLittleEndian)
            {
                throw new PlatformNotSupportedException("big-endian hosts are not supported");
            }
            if (headerLength <= 0 || headerLength > MaxHeaderBytes || 8 + headerLength > length)
            {
                throw new CheckpointException(path, $"header length {headerLength} does not fit in a {length}-byte file (truncated or not safetensors)");
            }
            _dataStart = 8 + headerLength;
            ParseHeader(new ReadOnlySpan<byte>(_base + 8, (int)headerLength), length - _dataStart);
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    public string FilePath { get; }

    public IReadOnlyDictionary<string, TensorEntry> Entries => _entries;

    public IReadOnlyDictionary<string, string> Metadata => _metadata;

    public static SafetensorsFile Open(string path)
    {
        if (!File.Exists(path))
        {
            throw new CheckpointException(path, "file not found");
        }
        return new SafetensorsFile(path);
    }

    /// <summary>The stored bytes of one tensor.</summary>
    public ReadOnlySpan<byte> Bytes(string key)
    {
        var (begin, end) = Offsets(key);
        return new ReadOnlySpan<byte>(_base + _dataStart + begin, checked((int)(end - begin)));
    }

    public Tensor Read(string key)
    {
        var entry = _entries[key];
        var raw = empty(entry.Shape, entry.DType);
        Bytes(key).CopyTo(raw.bytes);
        ReleasePages(key);
        return entry.DType == ScalarType.Float32 ? raw : ConvertAndDispose(raw);
    }

    public void CopyInto(string key, Tensor target)
    {
        var entry = _entries[key];
        if (!entry.Shape.SequenceEqual(target.shape))
        {
            throw new CheckpointException(FilePath, $"{key}: stored shape {entry.ShapeText} does not match ({string.Join(", ", target.shape)})");
        }
        using var noGrad = no_grad();
        if (entry.DType == target.dtype && target.device_type == DeviceType.CPU && target.is_contiguous())
        {
            Bytes(key).CopyTo(target.bytes);
            ReleasePages(key);
            return;
        }
        using var source = Read(key);
        target.copy_(source);
    }

    public void Dispose()
    {
        if (_base != null)
        {
            _view.SafeMemoryMappedViewHandle.ReleasePointer();
        }
        _view?.Dispose();
        _map?.Dispose();
    }

    /// <summary>Drops the whole pages of one tensor's bytes from this process's mapping (the page cache keeps them; a
    /// later read faults them back in). Advice only: a failure changes nothing but the memory figure.</summary>
    private void ReleasePages(string key)
    {
        var (begin, end) = Offsets(key);
        var page = Environment.SystemPageSize;
        var first = ((nint)(_base + _dataStart + begin) + page - 1) / page * page;
        var last = (nint)(_base + _dataStart + end) / page * page;
        if (last > first && OperatingSystem.IsLinux())
        {
            _ = Madvise(first, (nuint)(last - first), MadviseDontNeed);
        }
    }

    [LibraryImport("libc", EntryPoint = "madvise")]
    private static partial int Madvise(nint address, nuint length, int advice);

    private static Tensor ConvertAndDispose(Tensor raw)
    {
        using (raw)
        {
            return raw.to(ScalarType.Float32);
        }
    }

    private (long Begin, long End) Offsets(string key) =>
        _offsets.TryGetValue(key, out var range) ? range : throw new CheckpointException(FilePath, $"no tensor named '{key}'");

    private void ParseHeader(ReadOnlySpan<byte> header, long dataLength)
    {
        // JsonDocument accepts invalid UTF-8 in names and strings and only fails when one is read.
        if (!System.Text.Unicode.Utf8.IsValid(header))
        {
            throw new CheckpointException(FilePath, "header is not valid UTF-8 JSON");
        }
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(header.TrimEnd((byte)' ').ToArray());
        }
        catch (JsonException e)
        {
            throw new CheckpointException(FilePath, $"header is not valid JSON ({e.Message})");
        }
        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw new CheckpointException(FilePath, "header is not a JSON object");
            }
            var problems = new List<string>();
            foreach (var property in document.RootElement.EnumerateObject())
            {
                if (property.Name == "__metadata__")
                {
                    if (property.Value.ValueKind != JsonValueKind.Object)
                    {
                        problems.Add($"__metadata__ is a JSON {property.Value.ValueKind}, expected an object of strings");
                        continue;
                    }
                    foreach (var item in property.Value.EnumerateObject())
                    {
                        _metadata[item.Name] = item.Value.ValueKind == JsonValueKind.String ? item.Value.GetString()! : item.Value.GetRawText();
                    }
                    continue;
                }
                if (ParseEntry(property, dataLength) is { } problem)
                {
                    problems.Add(problem);
                }
            }
            // A cut file puts every later tensor past its end: one problem, not one per tensor.
            var past = _offsets.Where(kv => kv.Value.End > dataLength).OrderBy(kv => kv.Value.Begin).ToList();
            if (past.Count > 0)
            {
                problems.Add($"file truncated: its header places tensors up to byte {past.Max(kv => kv.Value.End)} of the data, the file holds "
                    + $"{dataLength} data bytes ({past.Count} of {_offsets.Count} tensors lie past the end, the first {past[0].Key})");
            }
            var ranges = _offsets.OrderBy(kv => kv.Value.Begin).ToList();
            for (var i = 1; i < ranges.Count; i++)
            {
                if (ranges[i].Value.Begin < ranges[i - 1].Value.End)
                {
                    problems.Add($"{ranges[i].Key}: data overlaps {ranges[i - 1].Key}");
                }
            }
            if (problems.Count > 0)
            {
                throw new CheckpointException(FilePath, problems);
            }
        }
    }

    private string? ParseEntry(JsonProperty property, long dataLength)
    {
        var key = property.Name;
        var value = property.Value;
        if (value.ValueKind != JsonValueKind.Object
            || !value.TryGetProperty("dtype", out var dtypeElement)
            || !value.TryGetProperty("shape", out var shapeElement)
            || !value.TryGetProperty("data_offsets", out var offsetsElement)
            || dtypeElement.ValueKind != JsonValueKind.String
            || Counts(shapeElement) is not { } shape
            || Counts(offsetsElement) is not [var begin, var end])
        {
            return $"{key}: header entry lacks a string dtype, a shape of counts or a [begin, end] data_offsets pair";
        }
        var dtypeName = dtypeElement.GetString()!;
        if (DType(dtypeName) is not { } dtype)
        {
            return $"{key}: dtype {dtypeName} is not supported (expected F32, F16, BF16, F64, I64, I32, U8 or BOOL)";
        }
        // Unchecked, a large shape could wrap around to a product that matches the offsets.
        long? bytes;
        try
        {
            bytes = checked(shape.Aggregate(1L, (a, d) => a * d) * ElementSize(dtype));
        }
        catch (OverflowException)
        {
            bytes = null;
        }
        if (end < begin || end - begin != bytes)
        {
            return $"{key}: data_offsets [{begin}, {end}] do not hold a {dtypeName} tensor of shape ({string.Join(", ", shape)}) ({bytes?.ToString(CultureInfo.InvariantCulture) ?? "more than a long counts"} bytes)";
        }
        _offsets[key] = (begin, end);
        _entries[key] = new TensorEntry(key, dtype, shape);
        return null;
    }

    /// <summary>The elements of a JSON array of non-negative integers; null for anything else.</summary>
    private static long[]? Counts(JsonElement array)
    {
        if (array.ValueKind != JsonValueKind.Array)
        {
            return null;
        }
        var values = new long[array.GetArrayLength()];
        var i = 0;
        foreach (var item in array.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.Number || !item.TryGetInt64(out values[i]) || values[i] < 0)
            {
                return null;
            }
            i++;
        }
        return values;
    }

    internal static ScalarType? DType(string name) => name switch
    {
        "F32" => ScalarType.Float32,
        "F16" => ScalarType.Float16,
        "BF16" => ScalarType.BFloat16,
        "F64" => ScalarType.Float64,
        "I64" => ScalarType.Int64,
        "I32" => ScalarType.Int32,
        "U8" => ScalarType.Byte,
        "BOOL" => ScalarType.Bool,
        _ => null,
    };

    internal static string DTypeName(ScalarType dtype) => dtype switch
    {
        ScalarType.Float32 => "F32",
        ScalarType.Float16 => "F16",
        ScalarType.BFloat16 => "BF16",
        ScalarType.Float64 => "F64",
        ScalarType.Int64 => "I64",
        ScalarType.Int32 => "I32",
        ScalarType.Byte => "U8",
        ScalarType.Bool => "BOOL",
        _ => throw new NotSupportedException($"dtype {dtype} has no safetensors name"),
    };

    internal static long ElementSize(ScalarType dtype) => dtype switch
    {
        ScalarType.Float64 or ScalarType.Int64 => 8,
        ScalarType.Float32 or ScalarType.Int32 => 4,
        ScalarType.Float16 or ScalarType.BFloat16 => 2,
        _ => 1,
    };
}
