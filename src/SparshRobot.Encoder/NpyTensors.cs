using System.Runtime.InteropServices;
using SparshRobot.Core.Numerics;
using static TorchSharp.torch;

namespace SparshRobot.Encoder;

/// <summary>Moves <see cref="NpyArray"/>s in and out of tensors without element-by-element conversion.</summary>
public static class NpyTensors
{
    public static Tensor ToTensor(NpyArray array)
    {
        var dtype = array.DType switch
        {
            NpyDType.UInt8 => ScalarType.Byte,
            NpyDType.Int32 => ScalarType.Int32,
            NpyDType.Int64 => ScalarType.Int64,
            NpyDType.Float16 => ScalarType.Float16,
            NpyDType.Float32 => ScalarType.Float32,
            NpyDType.Float64 => ScalarType.Float64,
            _ => throw new ArgumentOutOfRangeException(nameof(array)),
        };
        var result = empty(array.Shape, dtype);
        array.Data.AsSpan().CopyTo(result.bytes);
        return result;
    }

    public static NpyArray FromTensor(Tensor tensor)
    {
        using var cpu = tensor.detach().cpu().contiguous();
        var dtype = cpu.dtype switch
        {
            ScalarType.Byte => NpyDType.UInt8,
            ScalarType.Int32 => NpyDType.Int32,
            ScalarType.Int64 => NpyDType.Int64,
            ScalarType.Float16 => NpyDType.Float16,
            ScalarType.Float32 => NpyDType.Float32,
            ScalarType.Float64 => NpyDType.Float64,
            _ => throw new NotSupportedException($"tensor dtype {cpu.dtype} has no .npy equivalent here"),
        };
        return new NpyArray(dtype, cpu.shape, MemoryMarshal.AsBytes(cpu.bytes).ToArray());
    }

    /// <summary>
    /// Reads an encoder input: float32 of shape (B, ...sample shape). Anything else is rejected naming the file,
    /// the layout found and the one expected.
    /// </summary>
    public static Tensor ReadEncoderInput(string path, Model.VitConfig config)
    {
        var array = Npy.Read(path);
        long[] expected = [-1, .. config.SampleShape];
        var layout = config.Mode == Model.InputMode.Video ? "(B, C, T, H, W)" : "(B, C, H, W)";
        if (array.DType != NpyDType.Float32)
        {
            throw new NpyFormatException(path, $"encoder input must be float32 ('<f4'), found {Npy.Descr(array.DType)}");
        }
        if (array.Shape.Length != expected.Length || array.Shape[1] != config.InChannels)
        {
            throw new NpyFormatException(path, $"encoder input must be {layout} with C = {config.InChannels}, e.g. ({string.Join(", ", expected.Skip(1).Prepend(1))}); found ({string.Join(", ", array.Shape)})");
        }
        return ToTensor(array);
    }
}
