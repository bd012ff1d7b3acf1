using System.Buffers.Binary;
using System.Text;
using System.Text.Json;
using SparshRobot.Core.IO;
using static TorchSharp.torch;

namespace SparshRobot.Encoder.Checkpoints;

/// <summary>
/// Writes tensors (moved to CPU, made contiguous) plus string metadata as <c>.safetensors</c>. The file is
/// written beside the target and renamed into place, so an interrupted save never destroys the previous one.
/// </summary>
public static class SafetensorsWriter
{
    public static void Write(string path, IEnumerable<KeyValuePair<string, Tensor>> tensors, IReadOnlyDictionary<string, string>? metadata = null)
    {
        var list = tensors.ToList();
        var header = new Dictionary<string, object>();
        if (metadata is { Count: > 0 })
        {
            header["__metadata__"] = metadata;
        }
        long offset = 0;
        foreach (var (key, tensor) in list)
        {
            var bytes = tensor.NumberOfElements * SafetensorsFile.ElementSize(tensor.dtype);
            header[key] = new Dictionary<string, object>
            {
                ["dtype"] = SafetensorsFile.DTypeName(tensor.dtype),
                ["shape"] = tensor.shape,
                ["data_offsets"] = new[] { offset, offset + bytes },
            };
            offset += bytes;
        }
        var json = JsonSerializer.Serialize(header);
        var padding = (8 - (Encoding.UTF8.GetByteCount(json) % 8)) % 8;
        var headerBytes = Encoding.UTF8.GetBytes(json + new string(' ', padding));
        AtomicFile.Write(path, stream =>
        {
            var length = new byte[8];
            BinaryPrimitives.WriteInt64LittleEndian(length, headerBytes.Length);
            stream.Write(length);
            stream.Write(headerBytes);
            foreach (var (_, tensor) in list)
            {
                using var cpu = tensor.detach().cpu().contiguous();
                stream.Write(cpu.bytes);
            }
        });
    }
}
