using SparshRobot.Encoder.Checkpoints;
using SparshRobot.Encoder.Model;
using SparshRobot.Encoder.Pretraining;
using SparshRobot.Encoder.Pretraining.Jepa;
using SparshRobot.Testing;
using static TorchSharp.torch;

namespace SparshRobot.Encoder.Tests.Pretraining;

[Category("torch")]
public class JepaTests
{
    private DirectoryInfo _dir = null!;

    [SetUp]
    public void CreateDirectory() => _dir = TestPaths.NewTempDirectory("jepa");

    [TearDown]
    public void RemoveDirectory() => _dir.Delete(recursive: true);

    [Test]
    public void LossIsSmoothL1AveragedOverTheTokensAndIgnoresTheTargetsGradient()
    {
        using var scope = NewDisposeScope();
        // |d| < 1: d²/2; otherwise |d| − 1/2. Differences 0, 0.5, −3, 1: 0, 0.125, 2.5, 0.5.
        var prediction = tensor(new float[] { 1, 1.5f, -2, 2 }, requires_grad: true).view(1, 2, 2);
        var target = tensor(new float[] { 1, 1, 1, 1 }, requires_grad: true).view(1, 2, 2);
        var loss = JepaLoss.Compute(prediction, target);
        Assert.That(loss.item<float>(), Is.EqualTo(3.125 / 4).Within(1e-6));
        loss.backward();
        Assert.That(target.grad, Is.Null, "the target encoder is moved by EMA only");
    }

    /// <summary>The (row, column) cells of token indices on a grid <paramref name="width"/> wide.</summary>
    private static (long Row, long Col)[] Cells(IEnumerable<long> indices, int width) => [.. indices.Select(i => (i / width, i % width))];

    [TestCase(20, 15, 1)]
    [TestCase(4, 4, 2)]
    [TestCase(14, 14, 3)]
    public void MultiBlockMasksAreRectanglesInsideTheGridAndTheContextAvoidsThem(int height, int width, int seed)
    {
        var options = new JepaOptions();
        var random = new Random(seed);
        for (var draw = 0; draw < 50; draw++)
        {
            var masks = BlockMasking.MultiBlock(height, width, options, random);
            Assert.That(masks.Targets, Has.Length.EqualTo(options.TargetBlocks));
            foreach (var block in masks.Targets)
            {
                var cells = Cells(block, width);
                Assert.That(block, Is.Ordered.And.Unique.And.All.InRange(0L, (long)height * width - 1));
                var (rows, cols) = (cells.Select(c => c.Row).Distinct().Count(), cells.Select(c => c.Col).Distinct().Count());
                Assert.That(block, Has.Length.EqualTo(rows * cols), "a block is a full rectangle");
                Assert.That(cells.Max(c => c.Row) - cells.Min(c => c.Row) + 1, Is.EqualTo(rows), "rows are contiguous");
                Assert.That(cells.Max(c => c.Col) - cells.Min(c => c.Col) + 1, Is.EqualTo(cols), "columns are contiguous");
                Assert.That(block.Length, Is.LessThanOrEqualTo(Math.Ceiling(options.TargetScaleMax * height * width * 1.6) + 2), "about the target scale");
            }
            Assert.That(masks.Context, Is.Not.Empty.And.Ordered.And.Unique.And.All.InRange(0L, (long)height * width - 1));
            Assert.That(masks.Context.Intersect(masks.Targets.SelectMany(t => t)), Is.Empty, "the context never sees a target token");
        }
    }

    [Test]
    public void TubeMasksHideTheSameSpatialPatchesInEveryFrameAndTheContextIsTheRest()
    {
        var options = new JepaOptions { TargetBlocks = 8 };
        var random = new Random(4);
        const int frames = 2, height = 20, width = 15, area = height * width;
        for (var draw = 0; draw < 30; draw++)
        {
            var masks = BlockMasking.Tube(frames, height, width, options, random);
            Assert.That(masks.Targets, Has.Length.EqualTo(1), "V-JEPA predicts the whole tube at once");
            var target = masks.Targets[0];
            var perFrame = Enumerable.Range(0, frames).Select(t => target.Where(i => i / area == t).Select(i => i % area).ToArray()).ToArray();
            Assert.That(perFrame[1], Is.EqualTo(perFrame[0]), "a tube is the same spatial mask at every time");
            Assert.That(perFrame[0], Is.Not.Empty);
            var contextFrames = Enumerable.Range(0, frames).Select(t => masks.Context.Where(i => i / area == t).Select(i => i % area).ToArray()).ToArray();
            Assert.That(contextFrames[1], Is.EqualTo(contextFrames[0]));
            Assert.That(masks.Context.Concat(target).Order(), Is.EqualTo(Enumerable.Range(0, frames * area).Select(i => (long)i)), "context and target split the clip");
        }
    }

    [Test]
    public void AGridTooSmallForAnyContextIsRefusedWithTheReason()
    {
        Assert.That(() => BlockMasking.MultiBlock(1, 1, new JepaOptions(), new Random(1)),
            Throws.ArgumentException.With.Message.Contains("no context is left on a 1x1 patch grid"));
        Assert.That(() => BlockMasking.Tube(2, 1, 1, new JepaOptions(), new Random(1)),
            Throws.ArgumentException.With.Message.Contains("hides the whole 1x1 patch grid"));
    }

    [Test]
    public void ClipsTakeTheNewestImageOfFramesTMinus0246ClampedAtTheEpisodeStart()
    {
        using var scope = NewDisposeScope();
        // Frame i holds i in its newest image (channels 0-2) and -1 in the older one.
        var frames = cat([arange(10).to(ScalarType.Float32).view(10, 1, 1, 1).expand(10, 3, 16, 16), full(10, 3, 16, 16, -1f)], 1).contiguous();
        var clips = FrameBatches.Clips(new TensorFrames(frames), [7, 3], CPU);
        Assert.That(clips.shape, Is.EqualTo(new long[] { 2, 3, 4, 16, 16 }));
        float[] Clip(int b) => [.. Enumerable.Range(0, 4).Select(t => clips[b, 0, t, 0, 0].item<float>())];
        Assert.That(Clip(0), Is.EqualTo(new float[] { 7, 5, 3, 1 }));
        Assert.That(Clip(1), Is.EqualTo(new float[] { 3, 1, 0, 0 }));
        Assert.That(clips.min().item<float>(), Is.GreaterThanOrEqualTo(0), "the older image of a pair is not used");
    }

    private static PretrainingOptions Tiny(PretrainMethod method, InputMode mode) => new()
    {
        Method = method,
        Encoder = new VitConfig
        {
            EmbedDim = 32,
            Depth = 2,
            NumHeads = 2,
            Registers = 1,
            Height = 64,
            Width = 64,
            Mode = mode,
            InChannels = mode == InputMode.Video ? 3 : 6,
        },
        Jepa = new JepaOptions { PredictorDim = 16, PredictorDepth = 1, PredictorHeads = 2 },
        Steps = 8,
        BatchSize = 4,
        LearningRate = 1e-3,
        CheckpointEvery = 4,
        Seed = 5,
    };

    [TestCase(PretrainMethod.IJepa, InputMode.Image, CheckpointFamily.IJepa, "target_encoder.")]
    [TestCase(PretrainMethod.VJepa, InputMode.Video, CheckpointFamily.VJepa, "target_encoder.backbone.")]
    public void TinyRunLowersTheLossAndLoadsBackAsTheFamilysCheckpoint(PretrainMethod method, InputMode mode, CheckpointFamily family, string prefix)
    {
        using var scope = NewDisposeScope();
        var frames = new TensorFrames(PretrainedEncoders.Frames(12, 64, 64));
        var run = Pretrainer.Run(frames, _dir.FullName, Tiny(method, mode));
        Assert.That(run.Collapse, Is.Null);
        Assert.That(run.Losses, Has.Count.EqualTo(8).And.All.Matches<double>(double.IsFinite));
        Assert.That(run.Losses.TakeLast(2).Average(), Is.LessThan(run.Losses.Take(2).Average()), string.Join(", ", run.Losses));
        Assert.That(File.Exists(Path.Combine(_dir.FullName, Pretrainer.LossPlot(method))), Is.True);
        var input = mode == InputMode.Video ? FrameBatches.Clips(frames, [5, 9], CPU) : PretrainedEncoders.Frames(2, 64, 64);
        PretrainedEncoders.LoadBackStrictly(_dir.FullName, method, family, prefix, input);
    }

    [Test]
    public void SpreadCountsWhatVariesWithTheInputNotWithThePosition()
    {
        using var scope = NewDisposeScope();
        // Two inputs, features [1, 0] and [0, 1]: each coordinate's std over the batch is 0.5, times sqrt(2).
        Assert.That(FeatureSpread.AcrossBatch(tensor(new float[,] { { 1, 0 }, { 0, 1 } })), Is.EqualTo(0.5 * Math.Sqrt(2)).Within(1e-6));
        // The same tokens for every input, different at each position: an encoder that ignores its input.
        var byPosition = randn(1, 5, 8).expand(3, 5, 8);
        Assert.That(FeatureSpread.AcrossBatch(byPosition), Is.EqualTo(0).Within(1e-6));
        Assert.That(FeatureSpread.AcrossBatch(randn(3, 5, 8)), Is.GreaterThan(0.3));
        Assert.That(FeatureSpread.AcrossBatch(randn(1, 5, 8)), Is.NaN, "one input has no spread");
    }

    [Test]
    public void ACollapsedTargetIsJudgedOnTheLoggedSpreadSkippingRowsWithoutIt()
    {
        double[][] healthy = [.. Enumerable.Range(0, 20).Select(i => new[] { 0.2 + (0.01 * i) })];
        double[][] shrunk = [.. Enumerable.Range(0, 20).Select(i => new[] { 0.4 / (1 + i) })];
        using var model = new JepaModel(Tiny(PretrainMethod.IJepa, InputMode.Image).Encoder, new JepaOptions { PredictorDim = 16, PredictorDepth = 1, PredictorHeads = 2 }, 20);
        Assert.That(model.StatNames, Is.EqualTo(new[] { "target_spread" }));
        Assert.That(model.Collapse(healthy), Is.Null);
        Assert.That(model.Collapse(shrunk), Does.Contain("target encoder features collapsed").And.Contain("fell from 0.3 (first 2 steps) to 0.0205 (last 2)"), "(0.4 + 0.2) / 2, then (0.4 / 19 + 0.4 / 20) / 2");
        // A run resumed from a log written before the spread was: its old rows carry no value and are skipped.
        Assert.That(model.Collapse([.. Enumerable.Repeat(Array.Empty<double>(), 5), .. healthy]), Is.Null);
        Assert.That(model.Collapse([[], [double.NaN]]), Is.Null, "nothing logged, nothing to judge");
    }

    [Test]
    public void ARunOnIdenticalFramesIsReportedCollapsed()
    {
        using var scope = NewDisposeScope();
        var frames = new TensorFrames(full(8, 6, 64, 64, 0.5f));
        var run = Pretrainer.Run(frames, _dir.FullName, Tiny(PretrainMethod.IJepa, InputMode.Image));
        Assert.That(run.Collapse, Does.Contain("target encoder features collapsed").And.Contain("floor"));
        Assert.That(run.EncoderPath, Does.EndWith(Pretrainer.CollapsedEncoderFile));
    }

    [Test]
    public void VJepaRefusesAnImageEncoder()
    {
        using var scope = NewDisposeScope();
        var frames = new TensorFrames(PretrainedEncoders.Frames(4, 64, 64));
        Assert.That(() => Pretrainer.Run(frames, _dir.FullName, Tiny(PretrainMethod.VJepa, InputMode.Image)),
            Throws.ArgumentException.With.Message.Contains("vjepa trains an encoder in video mode"));
    }
}
