using SparshRobot.Encoder.Checkpoints;
using SparshRobot.Encoder.Model;
using SparshRobot.Encoder.Pretraining;
using SparshRobot.Testing;
using static TorchSharp.torch;

namespace SparshRobot.Encoder.Tests.Pretraining;

[Category("torch")]
public class MaeTests
{
    private DirectoryInfo _dir = null!;

    [SetUp]
    public void CreateDirectory() => _dir = TestPaths.NewTempDirectory("mae");

    [TearDown]
    public void RemoveDirectory() => _dir.Delete(recursive: true);

    [Test]
    public void TinyMaeLossDecreasesOverAFewSteps()
    {
        using var scope = NewDisposeScope();
        var options = new PretrainingOptions
        {
            Encoder = VitConfig.ForSize(VitSize.Tiny, registers: 0) with { Height = 64, Width = 64 },
            Mae = new MaeOptions { DecoderDim = 64, DecoderDepth = 1, DecoderHeads = 2 },
            Steps = 10,
            BatchSize = 4,
            LearningRate = 1e-3,
            CheckpointEvery = 100,
        };
        var losses = Pretrainer.Run(new TensorFrames(PretrainedEncoders.Frames(8, 64, 64)), _dir.FullName, options).Losses;
        Assert.That(losses, Has.Count.EqualTo(10));
        Assert.That(losses.TakeLast(3).Average(), Is.LessThan(losses.Take(3).Average() * 0.8), string.Join(", ", losses));
        Assert.That(File.Exists(Path.Combine(_dir.FullName, "mae_loss.png")), Is.True);

        // The exported backbone is a plain encoder file: it loads strictly and says MAE-like (no registers).
        var info = EncoderCheckpoint.Describe(Path.Combine(_dir.FullName, Pretrainer.EncoderFile));
        Assert.That(info.Config.Registers, Is.EqualTo(0));
        Assert.That(info.Config.NamedSize, Is.EqualTo(VitSize.Tiny));
        PretrainedEncoders.LoadBackStrictly(_dir.FullName, PretrainMethod.Mae, CheckpointFamily.Mae, "encoder.", PretrainedEncoders.Frames(2, 64, 64));
    }

    [Test]
    public void ResumedRunContinuesWhereTheCheckpointLeftOff()
    {
        using var scope = NewDisposeScope();
        var frames = new TensorFrames(PretrainedEncoders.Frames(6, 32, 32));
        var options = new PretrainingOptions
        {
            Encoder = new VitConfig { EmbedDim = 32, Depth = 1, NumHeads = 2, Registers = 0, Height = 32, Width = 32 },
            Mae = new MaeOptions { DecoderDim = 16, DecoderDepth = 1, DecoderHeads = 2 },
            Steps = 6,
            BatchSize = 3,
            LearningRate = 1e-3,
            CheckpointEvery = 2,
            Seed = 3,
        };
        var straight = Path.Combine(_dir.FullName, "straight");
        var uninterrupted = Pretrainer.Run(frames, straight, options).Losses;

        var resumed = Path.Combine(_dir.FullName, "resumed");
        Pretrainer.Run(frames, resumed, options with { Steps = 4 });
        Assert.That(() => Pretrainer.Run(frames, resumed, options), Throws.TypeOf<IOException>().With.Message.Contains("resume"));
        Assert.That(() => Pretrainer.Run(frames, resumed, options with { Mae = options.Mae with { DecoderDim = 8 } }, resume: true),
            Throws.TypeOf<CheckpointException>().With.Message.Contains("decoder_dim"));
        var continued = Pretrainer.Run(frames, resumed, options, resume: true).Losses;

        Assert.That(continued, Has.Count.EqualTo(6));
        Assert.That(File.ReadAllLines(Path.Combine(resumed, Pretrainer.LossLog(PretrainMethod.Mae))), Has.Length.EqualTo(6));
        Assert.That(continued.Zip(uninterrupted, (a, b) => Math.Abs(a - b)).Max(), Is.LessThan(1e-4),
            $"resumed {string.Join(", ", continued)} vs straight {string.Join(", ", uninterrupted)}");
    }
}
