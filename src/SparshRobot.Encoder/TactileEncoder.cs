using System.Runtime.InteropServices;
using SparshRobot.Encoder.Checkpoints;
using SparshRobot.Encoder.Model;
using SparshRobot.Encoder.Model.Inference;
using TorchSharp;
using static TorchSharp.torch;

namespace SparshRobot.Encoder;

/// <summary>
/// A frozen Sparsh encoder ready for inference: loaded strictly, in eval mode, run under
/// <c>torch.inference_mode()</c> through a <see cref="VitInferencePlan"/> (no managed allocation per call but the
/// output). Inputs are float32 NCHW (B, 6, 320, 240) in [0, 1] (or the V-JEPA layout), e.g. the tactile layer's
/// preprocessing output; outputs are the normalized patch tokens (B, N, D).
/// </summary>
public sealed class TactileEncoder : IDisposable
{
    private readonly Dictionary<long, Tensor> _inputBuffers = [];
    private readonly VitInferencePlan _plan;
    private string? _identity;

    private TactileEncoder(SparshVit model, EncoderCheckpoint info, Device device, EncoderPrecision precision)
    {
        // Every model this project runs (probes, policies, the node) is loaded beside an encoder, so one place
        // switches NNPACK off for the process (see LibTorchSettings.NnpackEnabled).
        LibTorchSettings.NnpackEnabled = false;
        Model = model;
        Info = info;
        Device = device;
        Precision = precision;
        // The model keeps its float32 weights (and fingerprint) whatever the precision; the plan holds any narrow copies.
        _plan = new VitInferencePlan(model, device, precision);
    }

    public SparshVit Model { get; }

    public EncoderCheckpoint Info { get; }

    public Device Device { get; }

    public VitConfig Config => Model.Config;

    public EncoderPrecision Precision { get; }

    /// <summary>Weight fingerprint of the float32 checkpoint (see <see cref="EncoderCheckpoint.Identity"/>), whatever the precision; computed once.</summary>
    public string Identity => _identity ??= EncoderCheckpoint.Identity(Model);

    public static TactileEncoder Open(string checkpoint, Device? device = null, int? numHeads = null, EncoderPrecision precision = EncoderPrecision.Float32)
    {
        device ??= CPU;
        var (model, info) = EncoderCheckpoint.Load(checkpoint, device, numHeads);
        return new TactileEncoder(model, info, device, precision);
    }

    /// <summary>Wraps an already built encoder (random weights for benchmarks, freshly pretrained ones); it is put in eval mode.</summary>
    public static TactileEncoder Wrap(SparshVit model, Device device, EncoderPrecision precision = EncoderPrecision.Float32)
    {
        model.eval();
        var info = new EncoderCheckpoint("(in memory)", CheckpointFamily.Unknown, "", model.Config,
            model.parameters().Sum(p => p.NumberOfElements));
        return new TactileEncoder(model, info, device, precision);
    }

    /// <summary>Encodes a float32 batch already held as a tensor (any device; moved to the encoder's); the tokens are float32.</summary>
    public Tensor Encode(Tensor input)
    {
        // Compared field by field: Tensor.device builds a new Device object on every read.
        if (input.device_type == Device.type && input.device_index == Device.index)
        {
            return _plan.Forward(input);
        }
        using var onDevice = input.to(Device);
        return _plan.Forward(onDevice);
    }

    /// <summary>
    /// Encodes a stack of frames (N, ...sample shape), uint8 (divided by 255 here, batch by batch, so a whole episode
    /// never exists as float32) or float32 in [0, 1], in batches of <paramref name="batch"/>; returns the tokens
    /// (N, tokens, D) on the CPU as <paramref name="dtype"/>. <paramref name="onBatch"/> gets the frames done so far.
    /// </summary>
    public Tensor EncodeFrames(Tensor frames, int batch, ScalarType dtype = ScalarType.Float32, Action<long>? onBatch = null)
    {
        if (batch < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(batch), batch, "the encoding batch must hold at least one frame");
        }
        var chunks = new List<Tensor>();
        try
        {
            for (long start = 0; start < frames.shape[0]; start += batch)
            {
                using var scope = NewDisposeScope();
                var slice = frames.narrow(0, start, Math.Min(batch, frames.shape[0] - start));
                var input = slice.dtype == ScalarType.Byte ? slice.to(ScalarType.Float32).div_(255f) : slice;
                chunks.Add(Encode(input).to(dtype).cpu().DetachFromDisposeScope());
                onBatch?.Invoke(start + slice.shape[0]);
            }
            return cat(chunks, 0);
        }
        finally
        {
            chunks.ForEach(c => c.Dispose());
        }
    }

    /// <summary>
    /// Encodes a batch given as a flat float32 buffer in NCHW (or NCTHW) order, the layout the tactile
    /// preprocessing produces. The buffer is copied into a staging tensor reused across calls of the same batch size.
    /// </summary>
    public Tensor Encode(ReadOnlySpan<float> buffer, int batch)
    {
        var staging = Staging(batch);
        if (buffer.Length != staging.NumberOfElements)
        {
            throw new ArgumentException($"buffer holds {buffer.Length} floats; a batch of {batch} shaped ({string.Join(", ", Config.SampleShape)}) needs {staging.NumberOfElements}");
        }
        MemoryMarshal.AsBytes(buffer).CopyTo(staging.bytes);
        return Encode(staging);
    }

    /// <summary>Wraps an NCHW float buffer (copied) as a CPU tensor of shape (B, ...sample shape).</summary>
    public static Tensor FromBuffer(ReadOnlySpan<float> buffer, params long[] shape)
    {
        var count = shape.Aggregate(1L, (a, d) => a * d);
        if (buffer.Length != count)
        {
            throw new ArgumentException($"buffer holds {buffer.Length} floats, shape ({string.Join(", ", shape)}) needs {count}");
        }
        var result = empty(shape, ScalarType.Float32);
        MemoryMarshal.AsBytes(buffer).CopyTo(result.bytes);
        return result;
    }

    public void Dispose()
    {
        foreach (var buffer in _inputBuffers.Values)
        {
            buffer.Dispose();
        }
        _inputBuffers.Clear();
        _plan.Dispose();
        Model.Dispose();
    }

    private Tensor Staging(int batch)
    {
        if (!_inputBuffers.TryGetValue(batch, out var staging))
        {
            staging = empty([batch, .. Config.SampleShape], ScalarType.Float32).DetachFromDisposeScope();
            _inputBuffers[batch] = staging;
        }
        return staging;
    }
}
