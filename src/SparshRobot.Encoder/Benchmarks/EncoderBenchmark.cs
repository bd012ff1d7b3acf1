using System.Diagnostics;
using SparshRobot.Encoder.Model;
using TorchSharp;
using static TorchSharp.torch;

namespace SparshRobot.Encoder.Benchmarks;

/// <summary>
/// Encoder timing against this machine's dense matmul rate measured in the same run: every iteration times one
/// square matmul, one encoder batch through the inference plan (what <see cref="TactileEncoder"/> runs) and one
/// through the eager module forward (the baseline the plan replaced) and one through the plan in bfloat16, so all
/// four see the same machine load; the fraction compares medians.
/// </summary>
public sealed record EncoderBenchmarkResult(
    VitConfig Config,
    int Batch,
    string Device,
    int Threads,
    double MedianMs,
    double MinMs,
    double EncoderGflop,
    int MatmulSize,
    double MatmulGflops,
    double MatmulBestGflops,
    long ManagedBytesPerCall,
    long TensorWrapperBytes,
    double EagerMedianMs,
    double EagerMinMs,
    long EagerManagedBytesPerCall,
    double BFloat16MedianMs,
    double BFloat16MinMs)
{
    public double SamplesPerSecond => Batch / (MedianMs / 1000.0);

    public double AchievedGflops => EncoderGflop / (MedianMs / 1000.0);

    public double FractionOfMatmul => AchievedGflops / MatmulGflops;

    /// <summary>Best encoder batch against the best matmul: the least load-sensitive pairing.</summary>
    public double BestFractionOfMatmul => EncoderGflop / (MinMs / 1000.0) / MatmulBestGflops;

    /// <summary>Eager module time over plan time (medians): above 1 the plan is faster.</summary>
    public double SpeedupOverEager => EagerMedianMs / MedianMs;

    /// <summary>float32 plan time over bfloat16 plan time (medians): above 1 bfloat16 is faster.</summary>
    public double BFloat16Speedup => MedianMs / BFloat16MedianMs;
}

public static class EncoderBenchmark
{
    /// <summary>
    /// Multiply-add FLOPs (x2) of one forward pass: patch projection, qkv, attention scores and mixing, output
    /// projection, MLP. Norms, softmax and GELU are left out (they are not matmul work).
    /// </summary>
    public static double Flops(VitConfig c, int batch)
    {
        double d = c.EmbedDim, n = c.NumPatches, t = c.NumPatches + c.Registers;
        var patch = 2 * n * d * c.InChannels * c.PatchSize * c.PatchSize * (c.Mode == InputMode.Video ? c.Tubelet : 1);
        var block = (2 * t * d * 3 * d) + (2 * 2 * t * t * d) + (2 * t * d * d) + (2 * 2 * t * d * c.MlpHidden);
        return batch * (patch + c.Depth * block);
    }

    public static EncoderBenchmarkResult Run(VitConfig config, int batch, Device device, int warmup = 3, int iterations = 20, int matmulSize = 2048)
    {
        manual_seed(0);
        using var model = new SparshVit(config);
        model.to(device);
        using var encoder = TactileEncoder.Wrap(model, device);
        // Its own model: each encoder owns (and disposes) the model it wraps; the timing does not depend on the weights.
        using var narrowModel = new SparshVit(config);
        narrowModel.to(device);
        using var narrow = TactileEncoder.Wrap(narrowModel, device, EncoderPrecision.BFloat16);
        var input = new float[batch * config.SampleShape.Aggregate(1L, (a, b) => a * b)];
        for (var i = 0; i < input.Length; i++)
        {
            input[i] = (i % 255) / 255f;
        }
        using var a = randn(matmulSize, matmulSize, device: device);
        using var b = randn(matmulSize, matmulSize, device: device);
        var eagerInput = TactileEncoder.FromBuffer(input, [batch, .. config.SampleShape]);
        eagerInput = device.type == DeviceType.CPU ? eagerInput : eagerInput.to(device);
        for (var i = 0; i < warmup; i++)
        {
            TimeMatmul(a, b, device);
            encoder.Encode(input, batch).Dispose();
            TimeEager(model, eagerInput, device);
            narrow.Encode(input, batch).Dispose();
        }
        Synchronize(device);
        var times = new List<double>();
        var eagerTimes = new List<double>();
        var narrowTimes = new List<double>();
        var matmulTimes = new List<double>();
        var managed = new List<long>(iterations);
        var eagerManaged = new List<long>(iterations);
        for (var i = 0; i < iterations; i++)
        {
            matmulTimes.Add(TimeMatmul(a, b, device));
            // Timestamps, not Stopwatch objects, so the allocation count holds the encoder's alone.
            var before = GC.GetAllocatedBytesForCurrentThread();
            var start = Stopwatch.GetTimestamp();
            using (var output = encoder.Encode(input, batch))
            {
                Synchronize(device);
            }
            var elapsed = Stopwatch.GetElapsedTime(start);
            managed.Add(GC.GetAllocatedBytesForCurrentThread() - before);
            times.Add(elapsed.TotalMilliseconds);
            before = GC.GetAllocatedBytesForCurrentThread();
            var eager = TimeEager(model, eagerInput, device);
            eagerManaged.Add(GC.GetAllocatedBytesForCurrentThread() - before);
            eagerTimes.Add(eager);
            start = Stopwatch.GetTimestamp();
            using (var output = narrow.Encode(input, batch))
            {
                Synchronize(device);
            }
            narrowTimes.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
        }
        eagerInput.Dispose();
        times.Sort();
        eagerTimes.Sort();
        narrowTimes.Sort();
        matmulTimes.Sort();
        var matmulFlop = 2.0 * matmulSize * matmulSize * matmulSize;
        return new EncoderBenchmarkResult(config, batch, device.ToString(), get_num_threads(), times[times.Count / 2], times[0],
            Flops(config, batch) / 1e9, matmulSize, matmulFlop / matmulTimes[matmulTimes.Count / 2] / 1e9, matmulFlop / matmulTimes[0] / 1e9,
            Median(managed), WrapperBytes(a), eagerTimes[eagerTimes.Count / 2], eagerTimes[0], Median(eagerManaged),
            narrowTimes[narrowTimes.Count / 2], narrowTimes[0]);
    }

    /// <summary>Managed bytes of one TorchSharp tensor wrapper, the least any call returning a tensor allocates.</summary>
    private static long WrapperBytes(Tensor any)
    {
        any.alias().Dispose();
        var before = GC.GetAllocatedBytesForCurrentThread();
        any.alias().Dispose();
        return GC.GetAllocatedBytesForCurrentThread() - before;
    }

    // The median: once per run the JIT swaps the timing loop for optimized code, and that allocates.
    private static long Median(List<long> values) => values.Order().ElementAt(values.Count / 2);

    /// <summary>Milliseconds for one eager <see cref="SparshVit.forward"/> under inference mode.</summary>
    private static double TimeEager(SparshVit model, Tensor input, Device device)
    {
        using var mode = inference_mode();
        using var scope = NewDisposeScope();
        var start = Stopwatch.GetTimestamp();
        model.forward(input);
        Synchronize(device);
        return Stopwatch.GetElapsedTime(start).TotalMilliseconds;
    }

    /// <summary>Seconds for one (n x n) @ (n x n) float32 matmul.</summary>
    private static double TimeMatmul(Tensor a, Tensor b, Device device)
    {
        using var mode = inference_mode();
        var watch = Stopwatch.StartNew();
        a.matmul(b).Dispose();
        Synchronize(device);
        return watch.Elapsed.TotalSeconds;
    }

    private static void Synchronize(Device device)
    {
        if (device.type == DeviceType.CUDA)
        {
            cuda.synchronize();
        }
    }
}
