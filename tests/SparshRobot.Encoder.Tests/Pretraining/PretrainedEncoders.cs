using SparshRobot.Encoder.Checkpoints;
using SparshRobot.Encoder.Model;
using SparshRobot.Encoder.Pretraining;
using static TorchSharp.torch;

namespace SparshRobot.Encoder.Tests.Pretraining;

/// <summary>Checks shared by every method's tiny run.</summary>
internal static class PretrainedEncoders
{
    /// <summary>Smooth 6-channel patterns, a different phase per frame and channel.</summary>
    public static Tensor Frames(int count, int height, int width)
    {
        var y = arange(height).to(ScalarType.Float32).view(1, 1, height, 1) / height;
        var x = arange(width).to(ScalarType.Float32).view(1, 1, 1, width) / width;
        var phase = arange(count * 6).to(ScalarType.Float32).view(count, 6, 1, 1) * 0.37f;
        return (((y * 6 + phase).sin() * (x * 4 - phase).cos() + 1) * 0.5f).contiguous();
    }

    /// <summary>
    /// The run's training checkpoint holds the encoder under the family's Sparsh prefix and loads strictly through the
    /// released-checkpoint path, and the exported flat file does too, as the same family, with the same weights.
    /// </summary>
    public static void LoadBackStrictly(string runDir, PretrainMethod method, CheckpointFamily family, string prefix, Tensor input)
    {
        var (trained, trainedInfo) = EncoderCheckpoint.Load(Path.Combine(runDir, Pretrainer.LastCheckpoint(method)));
        var (exported, exportedInfo) = EncoderCheckpoint.Load(Path.Combine(runDir, Pretrainer.EncoderFile));
        using (trained)
        using (exported)
        {
            Assert.That((trainedInfo.Family, trainedInfo.Prefix), Is.EqualTo((family, prefix)));
            Assert.That((exportedInfo.Family, exportedInfo.Prefix), Is.EqualTo((family, "")));
            Assert.That(exportedInfo.Config, Is.EqualTo(trainedInfo.Config));
            Assert.That(EncoderCheckpoint.Identity(exported), Is.EqualTo(EncoderCheckpoint.Identity(trained)));
            using var noGrad = no_grad();
            using var a = trained.call(input);
            using var b = exported.call(input);
            Assert.That((a - b).abs().max().item<float>(), Is.Zero);
            Assert.That(a.isfinite().all().item<bool>(), Is.True);
        }
    }
}
