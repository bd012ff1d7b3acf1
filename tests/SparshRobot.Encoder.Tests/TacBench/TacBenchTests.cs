using SparshRobot.Core.Numerics;
using SparshRobot.Encoder.Model;
using SparshRobot.Encoder.Probes;
using SparshRobot.Encoder.TacBench;
using SparshRobot.Testing;
using static TorchSharp.torch;

namespace SparshRobot.Encoder.Tests.TacBench;

[Category("torch")]
public class TacBenchTests
{
    [Test]
    public void ABudgetIsDrawnPerStratumInProportionAndOnlyBySeed()
    {
        // 90 rows of class 0, 10 of class 1, interleaved.
        var strata = Enumerable.Range(0, 100).Select(i => i % 10 == 3 ? 1L : 0L).ToArray();
        var rows = LabelBudget.Select(strata, 0.1, seed: 4);
        Assert.That(rows, Has.Length.EqualTo(10).And.Ordered.Ascending.And.Unique);
        Assert.That(rows.Count(r => strata[r] == 1), Is.EqualTo(1), "the rare class keeps its 10 % share");
        Assert.That(LabelBudget.Select(strata, 0.1, seed: 4), Is.EqualTo(rows), "the same seed draws the same rows");
        Assert.That(LabelBudget.Select(strata, 0.1, seed: 5), Is.Not.EqualTo(rows), "another seed draws others");
        Assert.That(LabelBudget.Select(strata, 1.0, seed: 4), Is.EqualTo(Enumerable.Range(0, 100).Select(i => (long)i)), "the whole split");
        Assert.That(LabelBudget.Select(strata, 0.001, seed: 4), Has.Length.EqualTo(1), "a budget keeps at least one row");
        // Three strata of 5, 3 and 2 at 50 %: 2.5, 1.5 and 1 rows; the remainders give the fifth row to the larger stratum.
        var uneven = new long[] { 0, 0, 0, 0, 0, 1, 1, 1, 2, 2 };
        var half = LabelBudget.Select(uneven, 0.5, seed: 0);
        Assert.That(half.GroupBy(r => uneven[r]).ToDictionary(g => g.Key, g => g.Count()), Is.EqualTo(new Dictionary<long, int> { [0] = 3, [1] = 1, [2] = 1 }));
    }

    [TestCase("1,10,33,100", new[] { 0.01, 0.10, 0.33, 1.0 })]
    [TestCase(" 50 , 2.5", new[] { 0.5, 0.025 })]
    public void BudgetsArePercentages(string text, double[] expected) =>
        Assert.That(LabelBudget.Parse(text), Is.EqualTo(expected).Within(1e-12));

    [TestCase("0", "budget '0' in --budgets '0' is not a percentage of the training split in (0, 100]")]
    [TestCase("10,150", "budget '150'")]
    [TestCase("ten", "budget 'ten'")]
    [TestCase("10,10", "lists a budget twice")]
    public void ABadBudgetIsNamed(string text, string expected) =>
        Assert.That(() => LabelBudget.Parse(text), Throws.ArgumentException.With.Message.Contains(expected));

    [Test]
    public void TheIntervalUsesStudentsTForFewSeeds()
    {
        // [1, 3]: mean 2, standard error 1, t(0.975, 1) = 12.706.
        Assert.That(SeedStatistics.MeanInterval95([1, 3]), Is.EqualTo((2.0, 12.706)));
        // [2, 4, 6]: mean 4, standard deviation 2, standard error 2/sqrt(3), t(0.975, 2) = 4.303.
        var (mean, half) = SeedStatistics.MeanInterval95([2, 4, 6]);
        Assert.That((mean, half), Is.EqualTo((4.0, 4.303 * 2 / Math.Sqrt(3))).Within(1e-12));
        Assert.That(double.IsNaN(SeedStatistics.MeanInterval95([7]).HalfWidth), Is.True, "one seed gives no interval");
        Assert.That(SeedStatistics.TQuantile975(30), Is.EqualTo(2.042));
        Assert.That(SeedStatistics.TQuantile975(31), Is.EqualTo(2.040).Within(1e-3), "the expansion continues the table");
        Assert.That(SeedStatistics.TQuantile975(100000), Is.EqualTo(1.96).Within(1e-3));
    }

    [Test]
    public void AccuracyAndBalancedAccuracyOnAHandMadeCase()
    {
        // Class 1: 1 of 1 right; class 0: 2 of 3 right.
        var score = ProbeMetrics.Accuracy("grasp accuracy", [1, 1, 0, 0], [1, 0, 0, 0]);
        Assert.That(score.Value, Is.EqualTo(0.75));
        Assert.That(score.Details["balanced accuracy"], Is.EqualTo((1 + 2 / 3.0) / 2).Within(1e-12));
        Assert.That(score.HigherIsBetter, Is.True);
        Assert.That(() => ProbeMetrics.Accuracy("a", [1], [1, 0]), Throws.ArgumentException);
    }

    [Test]
    public void TheGraspBaselineIsTheMajorityOfTheTrainingLabels()
    {
        using var train = Labelled(new long[] { 1, 1, 0 });
        using var test = Labelled(new long[] { 1, 0, 0, 0 });
        var baseline = ProbeTrainer.Baseline(ProbeTask.Grasp, train, test, ProbeNormalization.Digit);
        Assert.That(baseline.Value, Is.EqualTo(0.25), "always 'stays': right on the one test row that stays");
    }

    [Test]
    public void AGraspProbeLearnsWhichTokensMeanTheBeadStays()
    {
        // The label is written into the tokens: a probe that learns anything gets it right.
        var labels = Enumerable.Range(0, 32).Select(i => (long)(i % 2)).ToArray();
        using var train = Labelled(labels, signal: 3);
        using var test = Labelled(labels, signal: 3);
        var result = ProbeTrainer.Train(ProbeTask.Grasp, train, test,
            new ProbeTrainingOptions { Epochs = 30, BatchSize = 8, LearningRate = 3e-3, PoolerHeads = 2, KeepBestEpoch = false });
        using var probe = result.Probe;
        Assert.That(result.History, Has.Count.EqualTo(1), "scored once, after the last epoch");
        Assert.That(result.BestScore.Value, Is.GreaterThan(0.8), "far above the constant guess");
        Assert.That(result.Baseline.Value, Is.EqualTo(0.5));
    }

    [Test]
    public void GraspIsReportedByItsBalancedAccuracySoTheMajorityGuessScoresAHalf()
    {
        using var train = Labelled(new long[] { 1, 1, 1, 0 });
        using var test = Labelled(new long[] { 1, 1, 1, 1, 1, 1, 1, 0 });
        var baseline = ProbeTrainer.Baseline(ProbeTask.Grasp, train, test, ProbeNormalization.Digit);
        Assert.That(baseline.Value, Is.EqualTo(7 / 8.0), "plain accuracy rewards always answering 'stays'");
        foreach (var task in TacBenchTask.Parse("grasp,grasp-both"))
        {
            var headline = task.Headline(baseline);
            Assert.That(headline.Value, Is.EqualTo(0.5), task.Name);
            Assert.That(headline.Name, Is.EqualTo($"{task.Name} balanced accuracy"));
            Assert.That(headline.HigherIsBetter, Is.True);
        }
        var force = TacBenchTask.Parse("force")[0];
        var error = ProbeMetrics.ForceError([1, 2, 3], [1, 2, 4]);
        Assert.That(force.Headline(error), Is.SameAs(error), "the other tasks report the score itself");
        Assert.That(() => TacBenchTask.Parse("grasp")[0].Headline(error), Throws.InvalidOperationException.With.Message.Contain("no 'balanced accuracy'"));
    }

    [Test]
    public void SlipIsScoredByTheReferenceProtocolEvenWhenTheRecordingRarelySlips()
    {
        // Two episodes of runs of 6 slipping moments every 12, written into the tokens; the recording kept these 96
        // moments out of 100 million ticks, so the probability corrected to the natural rate never reaches 0.4.
        var slip = Enumerable.Range(0, 96).Select(i => i % 12 < 6 ? 1L : 0L).ToArray();
        using var data = Labelled(slip, signal: 3, slip: true);
        var options = new ProbeTrainingOptions { Epochs = 30, BatchSize = 8, LearningRate = 3e-3, PoolerHeads = 2 };

        var score = TacBenchRunner.ScoreProbe(ProbeTask.Slip, data, data, data, options);
        // The debounce misses the first two moments of each run: at best 4 of 6 found, F1 0.8.
        Assert.That(score.Name, Is.EqualTo("slip F1"));
        Assert.That(score.Value, Is.GreaterThan(0.6));

        using var trained = ProbeTrainer.Train(ProbeTask.Slip, data, data, options with { KeepBestEpoch = false }).Probe;
        var natural = ProbeTrainer.Evaluate(ProbeTask.Slip, trained, data, ProbeNormalization.Digit, slipLogitOffset: ProbeTrainer.SlipLogitOffset(data)).Score;
        Assert.That(natural.Value, Is.Zero, "read at the natural rate, the same probe calls no slip on these moments");
    }

    [Test]
    public void ABudgetedProbeCanTakeItsStandardizationFromEveryTrainingSample()
    {
        var labels = Enumerable.Range(0, 32).Select(i => (long)(i % 2)).ToArray();
        using var all = Labelled(labels, signal: 3);
        using var budget = all.Rows([0, 1]);
        var options = new ProbeTrainingOptions { Epochs = 1, BatchSize = 2, PoolerHeads = 2, KeepBestEpoch = false };

        using var wide = ProbeTrainer.Train(ProbeTask.Grasp, budget, all, options, standardizeOn: all.Tokens).Probe;
        using var narrow = ProbeTrainer.Train(ProbeTask.Grasp, budget, all, options).Probe;

        using var scope = NewDisposeScope();
        var (allStd, allMean) = std_mean(all.Tokens, 0);
        var budgetMean = budget.Tokens.mean([0]);
        var wideState = wide.state_dict();
        var narrowState = narrow.state_dict();
        Assert.That(wideState["token_mean"].allclose(allMean), Is.True, "mean of all 32 training samples");
        Assert.That(wideState["token_std"].allclose(allStd.clamp_min(1e-3)), Is.True);
        Assert.That(narrowState["token_mean"].allclose(budgetMean), Is.True, "by default the rows it learns from");
        Assert.That(narrowState["token_mean"].allclose(allMean), Is.False, "the two rows' statistics differ from all 32");
    }

    [Test]
    public void BothFingersJoinOnTheSameTickAndSkipAMomentOneFingerMissed()
    {
        var dir = TestPaths.NewTempDirectory("tacbench-pairs");
        try
        {
            var episode = Path.Combine(dir.FullName, "train", "maze-1");
            WriteFinger(Path.Combine(episode, "index"), [10, 11, 13], [1, 1, 0], level: 1);
            WriteFinger(Path.Combine(episode, "thumb"), [10, 11, 12, 13], [1, 1, 0, 0], level: 2);
            var dataset = TactileDataset.Open(dir.FullName, "train");
            using var rows = LabelledEmbeddings.Read(dataset, (_, e) => [TactileDataset.ReadStoredInputs(e)]);
            using var both = FingerPairs.Join(rows, dataset);
            Assert.That(both.Tokens.shape, Is.EqualTo(new long[] { 3, 12, 16, 16 }), "tick 12 has no index frame");
            Assert.That(both.Sequence!.data<long>().ToArray(), Is.EqualTo(new long[] { 10, 11, 13 }));
            Assert.That(both.Grasp!.data<long>().ToArray(), Is.EqualTo(new long[] { 1, 1, 0 }));
            // Index (sorted first) fills channels 0-5, thumb 6-11.
            Assert.That(both.Tokens[0, 0, 0, 0].item<byte>(), Is.EqualTo(1));
            Assert.That(both.Tokens[0, 6, 0, 0].item<byte>(), Is.EqualTo(2));

            WriteFinger(Path.Combine(dir.FullName, "train", "maze-2", "thumb"), [1], [1], level: 2);
            var lonely = TactileDataset.Open(dir.FullName, "train");
            using var lonelyRows = LabelledEmbeddings.Read(lonely, (_, e) => [TactileDataset.ReadStoredInputs(e)]);
            Assert.That(() => FingerPairs.Join(lonelyRows, lonely), Throws.InstanceOf<InvalidDataException>().With.Message.Contains("maze-2: 1 fingertip folder(s) (thumb)"));
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Test]
    public void TheEndToEndModelTrainsItsEncoderOnBothFingers()
    {
        manual_seed(0);
        var config = new VitConfig { EmbedDim = 32, Depth = 1, NumHeads = 2, Registers = 0, Height = 32, Width = 32 };
        using var model = new EndToEndModel(config, ProbeTask.Grasp, poolerHeads: 2);
        using var inputs = randint(0, 256, [3, 12, 32, 32]).to(ScalarType.Byte);
        using var output = model.call(inputs);
        Assert.That(output.shape, Is.EqualTo(new long[] { 3, 2 }));
        using var loss = output.sum();
        loss.backward();
        var patch = model.named_parameters().Single(p => p.name == "encoder.patch_embed.proj.weight").parameter;
        Assert.That(patch.grad is not null && patch.grad.abs().sum().item<float>() > 0, Is.True, "the encoder learns, it is not frozen");
        using var odd = zeros(1, 9, 32, 32);
        Assert.That(() => model.call(odd), Throws.ArgumentException.With.Message.Contains("9 channels"));
    }

    [Test]
    public void AnUnknownTaskIsNamedWithTheValidOnes()
    {
        Assert.That(TacBenchTask.Parse("force, grasp-both").Select(t => t.Name), Is.EqualTo(new[] { "force", "grasp-both" }));
        Assert.That(TacBenchTask.Parse("all"), Has.Count.EqualTo(5));
        Assert.That(() => TacBenchTask.Parse("force,texture"),
            Throws.ArgumentException.With.Message.EqualTo("unknown task 'texture' in --tasks 'force,texture'; expected force, slip, pose, grasp, grasp-both or all"));
    }

    [Test]
    public void ErrorBarsStopAtTheMetricsRange()
    {
        // An F1 of 0.9 with a +-0.3 interval reaches 1 at most; an error of 0.1 with the same interval stops at 0.
        var f1 = new TacBenchCell("mae", "slip", 0.1, "slip F1", HigherIsBetter: true, Mean: 0.9, Ci95: 0.3, [0.8, 1.0]);
        var error = new TacBenchCell("mae", "force", 0.1, "force error (mN)", HigherIsBetter: false, Mean: 0.1, Ci95: 0.3, [0.0, 0.2]);
        Assert.Multiple(() =>
        {
            Assert.That(TacBenchReport.ErrorBelow(f1), Is.EqualTo(0.3).Within(1e-12));
            Assert.That(TacBenchReport.ErrorAbove(f1), Is.EqualTo(0.1).Within(1e-12));
            Assert.That(TacBenchReport.ErrorBelow(error), Is.EqualTo(0.1).Within(1e-12));
            Assert.That(TacBenchReport.ErrorAbove(error), Is.EqualTo(0.3).Within(1e-12));
            Assert.That(TacBenchReport.ErrorBelow(f1 with { Ci95 = double.NaN }), Is.Zero, "one seed: no interval");
        });
    }

    [Test]
    public void SplitRunsJoinWithTheConstantPredictorOnceAndRefuseAModelTwice()
    {
        TacBenchResult Row(string model, int seed, double value, long rows = 37) =>
            new(model, "force", 0.1, seed, rows, "force error mN", value, HigherIsBetter: false, Seconds: 1.5);
        var dir = TestPaths.NewTempDirectory("tacbench-join").FullName;
        TacBenchResult[] a = [Row("mae", 0, 120.5), Row("constant", 0, 300.25)];
        TacBenchResult[] b = [Row("dino", 0, 99.75), Row("constant", 0, 300.25), Row("constant", 1, 280)];
        TacBenchReport.Write(Path.Combine(dir, "a"), a, new { });
        Assert.That(TacBenchReport.ReadCsv(Path.Combine(dir, "a", TacBenchReport.CsvFile)), Is.EqualTo(a), "the CSV reads back what was written");

        var joined = TacBenchReport.Combine([("a", a), ("b", b)]);
        Assert.That(joined.Select(r => (r.Encoder, r.Seed)), Is.EqualTo(new[] { ("mae", 0), ("constant", 0), ("dino", 0), ("constant", 1) }));
        Assert.That(() => TacBenchReport.Combine([("a", a), ("b", [Row("mae", 0, 120.5)])]),
            Throws.ArgumentException.With.Message.EqualTo("mae / force / 10 % / seed 0 is in both a and b"));
        Assert.That(() => TacBenchReport.Combine([("a", a), ("b", [Row("constant", 0, 310, rows: 40)])]),
            Throws.ArgumentException.With.Message.Contains("constant / force / 10 % / seed 0 differs between a (300.25 on 37 rows) and b (310 on 40 rows)"));
    }

    /// <summary>Grasp labels with tokens (n, 4, 8): noise, plus <paramref name="signal"/> times the label on every value.</summary>
    /// <summary>Random tokens shifted by <paramref name="signal"/> where the label is 1; grasp labels, or slip labels in two episodes.</summary>
    private static LabelledEmbeddings Labelled(long[] labels, float signal = 0, bool slip = false)
    {
        var generator = new Generator(7);
        var values = tensor(labels);
        var tokens = randn([labels.Length, 4, 8], generator: generator) + signal * values.to(ScalarType.Float32).view(-1, 1, 1);
        return slip
            ? new LabelledEmbeddings
            {
                Tokens = tokens,
                Episode = [.. Enumerable.Range(0, labels.Length).Select(i => 2 * i / labels.Length)],
                Slip = values,
                DeltaForce = zeros(labels.Length, 3),
                NaturalSlip = (100_000_000, labels.Sum()),
            }
            : new LabelledEmbeddings { Tokens = tokens, Episode = new int[labels.Length], Grasp = values };
    }

    private static void WriteFinger(string folder, long[] sequence, long[] grasp, byte level)
    {
        Directory.CreateDirectory(folder);
        var pixels = Enumerable.Repeat(level, sequence.Length * 6 * 16 * 16).ToArray();
        Npy.Write(Path.Combine(folder, TactileDataset.InputsFile), new NpyArray(NpyDType.UInt8, [sequence.Length, 6, 16, 16], pixels));
        Npy.Write(Path.Combine(folder, TactileDataset.SequenceFile), NpyArray.FromInt64(sequence, sequence.Length));
        Npy.Write(Path.Combine(folder, TactileDataset.GraspFile), NpyArray.FromInt64(grasp, grasp.Length));
    }
}
