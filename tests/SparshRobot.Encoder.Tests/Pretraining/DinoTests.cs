using SparshRobot.Encoder.Checkpoints;
using SparshRobot.Encoder.Model;
using SparshRobot.Encoder.Pretraining;
using SparshRobot.Encoder.Pretraining.Dino;
using SparshRobot.Testing;
using static TorchSharp.torch;

namespace SparshRobot.Encoder.Tests.Pretraining;

[Category("torch")]
public class DinoTests
{
    private DirectoryInfo _dir = null!;

    [SetUp]
    public void CreateDirectory() => _dir = TestPaths.NewTempDirectory("dino");

    [TearDown]
    public void RemoveDirectory() => _dir.Delete(recursive: true);

    private static double Sigmoid(double x) => 1 / (1 + Math.Exp(-x));

    private static double Value(Tensor t) => t.item<float>();

    [Test]
    public void LossIsTheCrossEntropyOfTheCentredSharpenedTeacherOnTheOtherView()
    {
        using var scope = NewDisposeScope();
        // Teacher views (1, 0) and (0, 1), centre (0.5, 0.5), temperature 0.5: logits (±1)/0.5, so q0 = (σ(2), σ(-2)), q1 = (σ(-2), σ(2)).
        // Student (temperature 1): view 0 is uniform, view 1 is (3/4, 1/4). Each teacher view is compared with the other student view.
        Tensor[] teacher = [tensor(new float[] { 1, 0 }).view(1, 2), tensor(new float[] { 0, 1 }).view(1, 2)];
        Tensor[] student = [zeros(1, 2), tensor(new float[] { (float)Math.Log(3), 0 }).view(1, 2)];
        var center = tensor(new float[] { 0.5f, 0.5f }).view(1, 2);
        var expected = 0.5 * (-(Sigmoid(2) * Math.Log(0.75) + Sigmoid(-2) * Math.Log(0.25)) + Math.Log(2));
        Assert.That(Value(DinoLoss.Compute(student, teacher, center, 1, 0.5)), Is.EqualTo(expected).Within(1e-5));

        // Centring moves the teacher: with a centre of (1, 0), view 0 becomes uniform and view 1 favours class 1 more strongly.
        var shifted = tensor(new float[] { 1, 0 }).view(1, 2);
        var expectedShifted = 0.5 * (-(0.5 * Math.Log(0.75) + 0.5 * Math.Log(0.25)) + Math.Log(2));
        Assert.That(Value(DinoLoss.Compute(student, teacher, shifted, 1, 0.5)), Is.EqualTo(expectedShifted).Within(1e-5));

        // Sharpening: a colder teacher tends to one-hot, so the loss tends to −log p of the teacher's argmax.
        var sharp = 0.5 * (-Math.Log(0.75) + Math.Log(2));
        Assert.That(Value(DinoLoss.Compute(student, teacher, center, 1, 0.01)), Is.EqualTo(sharp).Within(1e-4));
    }

    /// <summary>
    /// Touch frames are mostly background, so a young encoder gives nearly the same feature for every one. Without
    /// normalisation across the batch the head passes that sameness on, the centre takes all of it away, and the teacher
    /// is uniform: nothing to learn from. Batch norm in the head scales the small differences back up.
    /// </summary>
    [TestCase(true)]
    [TestCase(false)]
    public void BatchNormInTheHeadKeepsTheTeacherOffUniformOnNearlyIdenticalFeatures(bool batchNorm)
    {
        using var scope = NewDisposeScope();
        manual_seed(3);
        const int prototypes = 256;
        using var head = new DinoHead(48, new DinoOptions { OutDim = prototypes, HiddenDim = 64, BottleneckDim = 32, HeadBatchNorm = batchNorm });
        head.train();
        var features = randn(1, 48).expand(32, 48) + 1e-3 * randn(32, 48);
        var logits = head.call(features);
        // The centre a run converges to: the teacher's mean logits.
        var probabilities = DinoLoss.TeacherProbabilities(logits, logits.mean([0], keepdim: true), 0.04);
        var entropy = Value((-probabilities * probabilities.clamp_min(1e-12).log()).sum(-1).mean()) / Math.Log(prototypes);
        Assert.That(entropy, batchNorm ? Is.LessThan(0.9) : Is.GreaterThan(0.99));
    }

    [Test]
    public void LossNeedsTwoViews()
    {
        using var scope = NewDisposeScope();
        Assert.That(() => DinoLoss.Compute([zeros(1, 2)], [zeros(1, 2)], zeros(1, 2), 0.1, 0.04),
            Throws.ArgumentException.With.Message.Contains("at least two views"));
    }

    [Test]
    public void CentreFollowsTheTeachersBatchMean()
    {
        using var scope = NewDisposeScope();
        var center = zeros(1, 2);
        DinoLoss.UpdateCenter(center, [tensor(new float[] { 1, 3 }).view(1, 2), tensor(new float[] { 3, 5 }).view(1, 2)], 0.9);
        Assert.That(center.data<float>().ToArray(), Is.EqualTo(new[] { 0.2f, 0.4f }).Within(1e-6));
    }

    [Test]
    public void TeacherTemperatureWarmsUpLinearlyThenStays()
    {
        var options = new DinoOptions { TeacherTempStart = 0.04, TeacherTemp = 0.07, TeacherTempWarmup = 0.5 };
        Assert.That(DinoLoss.TeacherTemperature(options, 0, 20), Is.EqualTo(0.04).Within(1e-12));
        Assert.That(DinoLoss.TeacherTemperature(options, 5, 20), Is.EqualTo(0.055).Within(1e-12));
        Assert.That(DinoLoss.TeacherTemperature(options, 10, 20), Is.EqualTo(0.07).Within(1e-12));
        Assert.That(DinoLoss.TeacherTemperature(options, 19, 20), Is.EqualTo(0.07).Within(1e-12));
    }

    [Test]
    public void EmaMovesTheTargetTowardsTheOnlineWeightsOnACosineSchedule()
    {
        using var scope = NewDisposeScope();
        using var online = nn.Linear(2, 1);
        using var target = nn.Linear(2, 1);
        Ema.Initialize(target, online);
        Assert.That(target.parameters().All(p => !p.requires_grad), Is.True, "the EMA copy is never trained");
        Assert.That(Value((target.weight! - online.weight!).abs().max()), Is.Zero);
        var before = target.weight!.clone();
        using (no_grad())
        {
            online.weight!.add_(1);
        }
        Ema.Update(target, online, 0.9);
        Assert.That(Value((target.weight! - (before * 0.9 + online.weight! * 0.1)).abs().max()), Is.LessThan(1e-6));
        Assert.That(Ema.Momentum(0.996, 0, 10), Is.EqualTo(0.996).Within(1e-12));
        Assert.That(Ema.Momentum(0.996, 5, 10), Is.EqualTo(0.998).Within(1e-12));
        Assert.That(Ema.Momentum(0.996, 10, 10), Is.EqualTo(1).Within(1e-12));
    }

    [Test]
    public void MultiCropGivesTwoGlobalAndSeveralHalfSizeLocalViewsCroppingBothFramesAlike()
    {
        using var scope = NewDisposeScope();
        var image = PretrainedEncoders.Frames(3, 64, 48).narrow(1, 0, 3);
        var pair = cat([image, image], 1);
        var (global, local) = MultiCrop.Views(pair, new DinoOptions { LocalCrops = 3 }, 16, new Random(1));
        Assert.That(global.Select(v => v.shape), Is.All.EqualTo(new long[] { 3, 6, 64, 48 }));
        Assert.That(local, Has.Length.EqualTo(3));
        Assert.That(local.Select(v => v.shape), Is.All.EqualTo(new long[] { 3, 6, 32, 16 }));
        foreach (var view in global.Concat(local))
        {
            Assert.That(Value((view.narrow(1, 0, 3) - view.narrow(1, 3, 3)).abs().max()), Is.Zero, "both frames of a pair get the same crop");
        }
        Assert.That(Value((global[0] - global[1]).abs().max()), Is.GreaterThan(0), "the two global views differ");
    }

    [Test]
    public void CollapseIsJudgedOnTheLastStepsSpreadAndEntropy()
    {
        var options = new DinoOptions { OutDim = 16 };
        var logK = Math.Log(16);
        double[][] healthy = [.. Enumerable.Range(0, 20).Select(_ => new[] { 0.5 * logK, 0.6 })];
        Assert.That(DinoCollapse.Judge(healthy, options), Is.Null);
        double[][] pointLike = [.. healthy.Take(18), [0.5 * logK, 1e-4], [0.5 * logK, 2e-4]];
        Assert.That(DinoCollapse.Judge(pointLike, options), Does.Contain("teacher features collapsed").And.Contain("floor"));
        double[][] shrunk = [.. healthy.Take(18), [0.5 * logK, 0.05], [0.5 * logK, 0.05]];
        Assert.That(DinoCollapse.Judge(shrunk, options), Does.Contain("fell from 0.6"));
        double[][] uniform = [.. healthy.Take(18), [logK, 0.6], [logK, 0.6]];
        Assert.That(DinoCollapse.Judge(uniform, options), Does.Contain("uniform"));
        Assert.That(DinoCollapse.Judge([.. uniform.Take(18)], options), Is.Null, "only the last tenth counts");
        double[][] lowFromTheStart = [[0.5 * logK, 9e-4], [0.5 * logK, 9e-4], [0.5 * logK, 9e-4]];
        Assert.That(DinoCollapse.Judge(lowFromTheStart, options), Is.Null, "a teacher that starts below the floor and has not shrunk is its random init");
        double[][] fellBelowTheFloor = [[0.5 * logK, 1.2e-3], [0.5 * logK, 1e-3], [0.5 * logK, 9e-4]];
        Assert.That(DinoCollapse.Judge(fellBelowTheFloor, options), Does.Contain("floor"));
    }

    private static PretrainingOptions Tiny(int steps) => new()
    {
        Method = PretrainMethod.Dino,
        Encoder = new VitConfig { EmbedDim = 32, Depth = 2, NumHeads = 2, Registers = 1, Height = 32, Width = 32 },
        Dino = new DinoOptions { OutDim = 64, HiddenDim = 32, BottleneckDim = 16, LocalCrops = 2 },
        Steps = steps,
        BatchSize = 4,
        LearningRate = 1e-3,
        CheckpointEvery = 2,
        Seed = 7,
    };

    [Test]
    public void TinyRunLogsItsDiagnosticsResumesExactlyAndLoadsBackAsADinoCheckpoint()
    {
        using var scope = NewDisposeScope();
        var frames = new TensorFrames(PretrainedEncoders.Frames(8, 32, 32));
        var straight = Path.Combine(_dir.FullName, "straight");
        var run = Pretrainer.Run(frames, straight, Tiny(6));
        Assert.That(run.Collapse, Is.Null);
        Assert.That(run.Losses, Has.Count.EqualTo(6).And.All.Matches<double>(double.IsFinite));
        var log = File.ReadAllLines(Path.Combine(straight, Pretrainer.LossLog(PretrainMethod.Dino)));
        Assert.That(log.Select(l => l.Split(',').Length), Is.All.EqualTo(4), "step, loss, teacher entropy, feature std");
        Assert.That(File.Exists(Path.Combine(straight, Pretrainer.LossPlot(PretrainMethod.Dino))), Is.True);
        PretrainedEncoders.LoadBackStrictly(straight, PretrainMethod.Dino, CheckpointFamily.Dino, "teacher_encoder.backbone.", PretrainedEncoders.Frames(2, 32, 32));

        // Teacher, centre and optimizer all come back: a run stopped after step 5 (checkpoint at 4) and resumed repeats the
        // uninterrupted one. Its schedules span the whole run, so the step count is part of the settings a resume must keep.
        var resumed = Path.Combine(_dir.FullName, "resumed");
        Assert.That(() => Pretrainer.Run(frames, resumed, Tiny(6), onStep: p => _ = p.Step == 5 ? throw new OperationCanceledException() : 0),
            Throws.TypeOf<OperationCanceledException>());
        Assert.That(() => Pretrainer.Run(frames, resumed, Tiny(8), resume: true), Throws.TypeOf<CheckpointException>().With.Message.Contains("steps: checkpoint 6, requested 8"));
        Assert.That(() => Pretrainer.Run(frames, resumed, Tiny(6) with { Dino = Tiny(6).Dino with { OutDim = 32 } }, resume: true),
            Throws.TypeOf<CheckpointException>().With.Message.Contains("dino_out_dim"));
        var continued = Pretrainer.Run(frames, resumed, Tiny(6), resume: true);
        Assert.That(continued.Losses.Zip(run.Losses, (a, b) => Math.Abs(a - b)).Max(), Is.LessThan(1e-4),
            $"resumed {string.Join(", ", continued.Losses)} vs straight {string.Join(", ", run.Losses)}");
    }

    [Test]
    public void ADatasetOfOneFrameIsRefusedByName()
    {
        using var scope = NewDisposeScope();
        var frames = new TensorFrames(PretrainedEncoders.Frames(1, 32, 32));
        Assert.That(() => Pretrainer.Run(frames, _dir.FullName, Tiny(2)),
            Throws.ArgumentException.With.Message.Contains("at least 2 frames").And.Message.Contains("has 1"));
    }

    [Test]
    public void ARunOnIdenticalFramesIsReportedCollapsedAndNotSavedAsTheEncoder()
    {
        using var scope = NewDisposeScope();
        var frames = new TensorFrames(full(8, 6, 32, 32, 0.5f));
        var run = Pretrainer.Run(frames, _dir.FullName, Tiny(3));
        Assert.That(run.Collapse, Does.Contain("teacher features collapsed"));
        Assert.That(run.EncoderPath, Does.EndWith(Pretrainer.CollapsedEncoderFile));
        Assert.That(File.Exists(Path.Combine(_dir.FullName, Pretrainer.CollapsedEncoderFile)), Is.True);
        Assert.That(File.Exists(Path.Combine(_dir.FullName, Pretrainer.EncoderFile)), Is.False);
    }
}
