using SparshRobot.Core.Sensing;

namespace SparshRobot.Tactile.Preprocessing;

/// <summary>
/// A float32 batch <c>(B, 6, H, W)</c> in NCHW order, the encoder's input. Plain memory: the encoder project wraps
/// <see cref="Data"/> into a TorchSharp tensor (this layer has no TorchSharp dependency).
/// </summary>
public sealed class SparshInputBatch
{
    public SparshInputBatch(int batchSize, SparshInputSize size)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        BatchSize = batchSize;
        Size = size;
        Data = new float[batchSize * SampleLength];
    }

    public int BatchSize { get; }

    public SparshInputSize Size { get; }

    public const int Channels = 6;

    public int SampleLength => Channels * Size.PlaneLength;

    public float[] Data { get; }

    /// <summary>The tensor shape, <c>[B, 6, H, W]</c>.</summary>
    public long[] Shape => [BatchSize, Channels, Size.Height, Size.Width];

    public Memory<float> Sample(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, BatchSize);
        return Data.AsMemory(index * SampleLength, SampleLength);
    }

    /// <summary>Fills sample <paramref name="index"/> from a sensor's stack.</summary>
    public void Fill(int index, TemporalFrameStack stack)
    {
        if (stack.Size != Size)
        {
            throw new ArgumentException($"stack produces {stack.Size} inputs, batch holds {Size}", nameof(stack));
        }
        stack.WriteInput(Sample(index).Span);
    }
}
