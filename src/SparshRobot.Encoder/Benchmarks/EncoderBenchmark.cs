using System.Diagnostics;
using SparshRobot.Encoder.Model;
using TorchSharp;
using static TorchSharp.torch;

namespace SparshRobot.Encoder.Benchmarks;

/// <summary>Encoder timing against this machine's dense matmul rate measured in the same process.</summary>
public sealed record EncoderBenchmarkResult(
    VitConfig Config,
    int Batch,
    string Device,
    int Threads,
    double MedianMs,
    double MinMs,
    double EncoderGflop,
    double MatmulSize,
    double MatmulGflops,
    double ManagedBytesPerCall)
{
    public double SamplesPerSecond => Batch / (MedianMs / 1000.0);

    public double AchievedGflops => EncoderGflop / (MedianMs / 1000.0);

    public double FractionOfMatmul => AchievedGflops / MatmulGflops;
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

    /// <summary>Best-of-<paramref name="repeats"/> rate of an (n x n) @ (n x n) float32 matmul, in GFLOP/s.</summary>
    public static double MatmulGflops(Device device, int n = 2048, int repeats = 5)
    {
        using var scope = NewDisposeScope();
        using var mode = inference_mode();
        var a = randn(n, n, device: device);
        var b = randn(n, n, device: device);
        matmul(a, b).Dispose();
        Synchronize(device);
        var best = double.MaxValue;
        for (var i = 0; i < repeats; i++)
        {
            var watch = Stopwatch.StartNew();
            a.matmul(b).Dispose();
            Synchronize(device);
            best = Math.Min(best, watch.Elapsed.TotalSeconds);
        }
        return 2.0 * n * n * n / best / 1e9;
    }

    public static EncoderBenchmarkResult Run(VitConfig config, int batch, Device device, int warmup = 3, int iterations = 20, int matmulSize = 2048)
    {
        manual_seed(0);
        var matmulRate = MatmulGflops(device, matmulSize);
        using var model = new SparshVit(config);
        model.to(device);
        model.eval();
        using var encoder = TactileEncoder.Wrap(model, device);
        var input = new float[batch * config.SampleShape.Aggregate(1L, (a, b) => a * b)];
        for (var i = 0; i < input.Length; i++)
        {
            input[i] = (i % 255) / 255f;
        }
        for (var i = 0; i < warmup; i++)
        {
            encoder.Encode(input, batch).Dispose();
        }
        Synchronize(device);
        var times = new List<double>();
        long managed = 0;
        for (var i = 0; i < iterations; i++)
        {
            var before = GC.GetAllocatedBytesForCurrentThread();
            var watch = Stopwatch.StartNew();
            using (var output = encoder.Encode(input, batch))
            {
                Synchronize(device);
            }
            times.Add(watch.Elapsed.TotalMilliseconds);
            managed += GC.GetAllocatedBytesForCurrentThread() - before;
        }
        times.Sort();
        return new EncoderBenchmarkResult(config, batch, device.ToString(), TorchSharp.torch.get_num_threads(), times[times.Count / 2], times[0],
            Flops(config, batch) / 1e9, matmulSize, matmulRate, (double)managed / iterations);
    }

    private static void Synchronize(Device device)
    {
        if (device.type == DeviceType.CUDA)
        {
            cuda.synchronize();
        }
    }
}
