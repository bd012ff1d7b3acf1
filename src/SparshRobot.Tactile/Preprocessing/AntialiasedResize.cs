using System.Numerics;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace SparshRobot.Tactile.Preprocessing;

/// <summary>
/// Separable bilinear resize with antialiasing, the algorithm of torchvision's <c>Resize(antialias=True)</c> on
/// tensors, i.e. <c>torch.nn.functional.interpolate(x, size, mode="bilinear", align_corners=False, antialias=True)</c>.
/// </summary>
/// <remarks>
/// Why our own and not OpenCV: <c>cv2.resize(INTER_LINEAR)</c> does not antialias and <c>INTER_AREA</c> uses a
/// different kernel, and the reference pitfalls name a resize mismatch as a silent failure. This mirrors ATen's
/// <c>_compute_indices_min_size_weights_aa</c>: scale = in/out, support = scale (or 1 when upsampling), triangle
/// filter over <c>(j + xmin - center + 0.5) / max(scale, 1)</c>, weights normalised, all in float32; width pass
/// first, then height; an axis whose size does not change is copied (ATen skips it too). Both passes run on vectors
/// where the CPU has AVX2 and give the scalar loop's floats bit for bit: each output still sums its taps in order
/// with separate multiplies and adds, a padded tap adds an exact zero.
/// </remarks>
public sealed class AntialiasedResize
{
    private readonly AxisWeights _horizontal;
    private readonly AxisWeights _vertical;
    private readonly float[] _rows;

    public AntialiasedResize(int inHeight, int inWidth, int outHeight, int outWidth)
        : this(inHeight, inWidth, outHeight, outWidth, vectorized: true)
    {
    }

    /// <param name="vectorized">False keeps the width pass scalar (the reference the vector path is tested against).</param>
    internal AntialiasedResize(int inHeight, int inWidth, int outHeight, int outWidth, bool vectorized)
    {
        if (inHeight <= 0 || inWidth <= 0 || outHeight <= 0 || outWidth <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(inHeight), $"resize {inHeight}x{inWidth} -> {outHeight}x{outWidth} needs positive sizes");
        }
        InHeight = inHeight;
        InWidth = inWidth;
        OutHeight = outHeight;
        OutWidth = outWidth;
        _horizontal = new AxisWeights(inWidth, outWidth, vectorized);
        _vertical = new AxisWeights(inHeight, outHeight, vectorized: false);
        _rows = new float[inHeight * outWidth];
    }

    public int InHeight { get; }

    public int InWidth { get; }

    public int OutHeight { get; }

    public int OutWidth { get; }

    /// <summary>Output columns the width pass computes on vectors (the rest, if any, in the scalar loop).</summary>
    internal int VectorColumns => _horizontal.VectorOutputs;

    /// <summary>
    /// Resizes one uint8 plane (row stride <paramref name="inStride"/>) into a float plane, scaling by
    /// <paramref name="scale"/> first (1/255 for ToTensor). Allocation-free; not thread-safe (one scratch buffer).
    /// </summary>
    public void Resize(ReadOnlySpan<byte> plane, int inStride, float scale, Span<float> output)
    {
        if (output.Length < OutHeight * OutWidth)
        {
            throw new ArgumentException($"output holds {output.Length} floats, {OutHeight}x{OutWidth} needed", nameof(output));
        }
        var rows = _rows.AsSpan();
        for (var y = 0; y < InHeight; y++)
        {
            var src = plane.Slice(y * inStride, InWidth);
            var dst = rows.Slice(y * OutWidth, OutWidth);
            if (_horizontal.Identity)
            {
                ConvertScaled(src, scale, dst);
            }
            else
            {
                _horizontal.Apply(src, scale, dst);
            }
        }
        if (_vertical.Identity)
        {
            rows[..(OutHeight * OutWidth)].CopyTo(output);
            return;
        }
        for (var y = 0; y < OutHeight; y++)
        {
            var start = _vertical.Start[y];
            var w = _vertical.WeightsOf(y);
            var dst = output.Slice(y * OutWidth, OutWidth);
            Scale(rows.Slice(start * OutWidth, OutWidth), w[0], dst);
            for (var j = 1; j < w.Length; j++)
            {
                AddScaled(rows.Slice((start + j) * OutWidth, OutWidth), w[j], dst);
            }
        }
    }

    /// <summary>dst = src * scale, widening bytes to floats a vector at a time.</summary>
    private static void ConvertScaled(ReadOnlySpan<byte> src, float scale, Span<float> dst)
    {
        var i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var n = Vector<byte>.Count;
            var q = Vector<float>.Count;
            for (; i <= src.Length - n; i += n)
            {
                Vector.Widen(new Vector<byte>(src[i..]), out var lo16, out var hi16);
                Vector.Widen(lo16, out var a, out var b);
                Vector.Widen(hi16, out var c, out var d);
                (Vector.ConvertToSingle(a) * scale).CopyTo(dst[i..]);
                (Vector.ConvertToSingle(b) * scale).CopyTo(dst[(i + q)..]);
                (Vector.ConvertToSingle(c) * scale).CopyTo(dst[(i + 2 * q)..]);
                (Vector.ConvertToSingle(d) * scale).CopyTo(dst[(i + 3 * q)..]);
            }
        }
        for (; i < src.Length; i++)
        {
            dst[i] = src[i] * scale;
        }
    }

    private static void Scale(ReadOnlySpan<float> src, float w, Span<float> dst)
    {
        var i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var vs = MemoryMarshal.Cast<float, Vector<float>>(src);
            var vd = MemoryMarshal.Cast<float, Vector<float>>(dst);
            for (; i < vs.Length; i++)
            {
                vd[i] = vs[i] * w;
            }
            i *= Vector<float>.Count;
        }
        for (; i < src.Length; i++)
        {
            dst[i] = src[i] * w;
        }
    }

    private static void AddScaled(ReadOnlySpan<float> src, float w, Span<float> dst)
    {
        var i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var vs = MemoryMarshal.Cast<float, Vector<float>>(src);
            var vd = MemoryMarshal.Cast<float, Vector<float>>(dst);
            for (; i < vs.Length; i++)
            {
                vd[i] += vs[i] * w;
            }
            i *= Vector<float>.Count;
        }
        for (; i < src.Length; i++)
        {
            dst[i] += src[i] * w;
        }
    }

    /// <summary>Per output index: first input index and normalised triangle weights, as ATen computes them in float.</summary>
    private sealed class AxisWeights
    {
        /// <summary>Outputs one vector block of the width pass computes.</summary>
        private const int Block = 8;

        private readonly float[] _weights;
        private readonly int[] _count;
        private readonly int _maxTaps;

        // The width pass on vectors: block b's outputs read input bytes at most 15 past _blockStart[b], so one 16-byte
        // load and a byte shuffle per tap gather them. Lane l of tap j reads byte _shuffles[b, j][l] of the load with
        // weight _blockWeights[b, j][l] (zero where output l has fewer taps). Blocks whose taps reach further (strong
        // downsampling) and the tail stay scalar.
        private readonly int _vectorBlocks;
        private readonly int[] _blockStart = [];
        private readonly int[] _blockTaps = [];
        private readonly Vector128<byte>[] _shuffles = [];
        private readonly Vector256<float>[] _blockWeights = [];

        public AxisWeights(int inSize, int outSize, bool vectorized)
        {
            Identity = inSize == outSize;
            var scale = (float)inSize / outSize;
            var support = scale >= 1f ? scale : 1f;
            var invScale = scale >= 1f ? 1f / scale : 1f;
            _maxTaps = (int)Math.Ceiling(support) * 2 + 1;
            Start = new int[outSize];
            _count = new int[outSize];
            _weights = new float[outSize * _maxTaps];
            for (var i = 0; i < outSize; i++)
            {
                var center = scale * (i + 0.5f);
                var xmin = Math.Max((int)(center - support + 0.5f), 0);
                var xsize = Math.Min((int)(center + support + 0.5f), inSize) - xmin;
                var w = _weights.AsSpan(i * _maxTaps, xsize);
                var total = 0f;
                for (var j = 0; j < xsize; j++)
                {
                    var x = MathF.Abs((j + xmin - center + 0.5f) * invScale);
                    w[j] = x < 1f ? 1f - x : 0f;
                    total += w[j];
                }
                if (total != 0f)
                {
                    for (var j = 0; j < xsize; j++)
                    {
                        w[j] /= total;
                    }
                }
                Start[i] = xmin;
                _count[i] = xsize;
            }
            if (vectorized && Avx2.IsSupported && !Identity)
            {
                (_vectorBlocks, _blockStart, _blockTaps, _shuffles, _blockWeights) = PlanBlocks(inSize, outSize);
            }
        }

        /// <summary>The leading run of blocks whose bytes fit one 16-byte load inside the row, with their shuffles and weights.</summary>
        private (int Blocks, int[] Start, int[] Taps, Vector128<byte>[] Shuffles, Vector256<float>[] Weights) PlanBlocks(int inSize, int outSize)
        {
            var blocks = 0;
            while (blocks < outSize / Block && Fits(blocks, inSize))
            {
                blocks++;
            }
            var start = new int[blocks];
            var taps = new int[blocks];
            var shuffles = new Vector128<byte>[blocks * _maxTaps];
            var weights = new Vector256<float>[blocks * _maxTaps];
            Span<byte> lanes = stackalloc byte[16];
            Span<float> w = stackalloc float[Block];
            for (var b = 0; b < blocks; b++)
            {
                start[b] = Start[b * Block];
                taps[b] = _count[(b * Block)..((b + 1) * Block)].Max();
                for (var j = 0; j < taps[b]; j++)
                {
                    // Upper lanes are never read: only the low 8 bytes are widened.
                    lanes.Fill(0x80);
                    for (var l = 0; l < Block; l++)
                    {
                        var i = b * Block + l;
                        var tap = j < _count[i];
                        lanes[l] = (byte)(Start[i] - start[b] + (tap ? j : 0));
                        w[l] = tap ? _weights[i * _maxTaps + j] : 0f;
                    }
                    shuffles[b * _maxTaps + j] = Vector128.Create((ReadOnlySpan<byte>)lanes);
                    weights[b * _maxTaps + j] = Vector256.Create((ReadOnlySpan<float>)w);
                }
            }
            return (blocks, start, taps, shuffles, weights);
        }

        private bool Fits(int block, int inSize)
        {
            var first = Start[block * Block];
            if (first + 16 > inSize)
            {
                return false;
            }
            for (var i = block * Block; i < (block + 1) * Block; i++)
            {
                if (Start[i] + _count[i] - first > 16)
                {
                    return false;
                }
            }
            return true;
        }

        public bool Identity { get; }

        public int VectorOutputs => _vectorBlocks * Block;

        /// <summary>One row: dst[i] = scale * sum_j w_ij src[start_i + j] (scaling after the sum moves results by an ulp).</summary>
        public unsafe void Apply(ReadOnlySpan<byte> src, float scale, Span<float> dst)
        {
            fixed (byte* s = src)
            fixed (float* d = dst, weights = _weights)
            fixed (int* start = Start, count = _count)
            {
                var scaleVector = Vector256.Create(scale);
                for (var b = 0; b < _vectorBlocks; b++)
                {
                    var window = Sse2.LoadVector128(s + _blockStart[b]);
                    var acc = Vector256<float>.Zero;
                    for (var j = 0; j < _blockTaps[b]; j++)
                    {
                        var bytes = Ssse3.Shuffle(window, _shuffles[b * _maxTaps + j]);
                        var values = Avx.ConvertToVector256Single(Avx2.ConvertToVector256Int32(bytes));
                        acc = Avx.Add(acc, Avx.Multiply(values, _blockWeights[b * _maxTaps + j]));
                    }
                    Avx.Store(d + b * Block, Avx.Multiply(acc, scaleVector));
                }
                for (var i = _vectorBlocks * Block; i < dst.Length; i++)
                {
                    var w = weights + i * _maxTaps;
                    var p = s + start[i];
                    var acc = 0f;
                    for (var j = 0; j < count[i]; j++)
                    {
                        acc += p[j] * w[j];
                    }
                    d[i] = acc * scale;
                }
            }
        }

        public int[] Start { get; }

        public ReadOnlySpan<float> WeightsOf(int i) => _weights.AsSpan(i * _maxTaps, _count[i]);
    }
}
