using TorchSharp;
using YamlDotNet.Serialization;
using static TorchSharp.torch;

namespace SparshRobot.Encoder.Probes;

/// <summary>Training settings; defaults follow the reference T1/T2 recipe (Adam, lr 1e-4, 51 epochs, batch 100).</summary>
public sealed record ProbeTrainingOptions
{
    public int Epochs { get; init; } = 51;

    public int BatchSize { get; init; } = 100;

    public double LearningRate { get; init; } = 1e-4;

    public int PoolerHeads { get; init; } = 12;

    public long Seed { get; init; } = 0;

    /// <summary>Not a configuration key: <see cref="ProbeTrainConfig.Sensor"/> names it.</summary>
    [YamlIgnore]
    public ProbeNormalization Normalization { get; init; } = ProbeNormalization.Digit;

    /// <summary>Standardize each token position and channel by the training set's statistics (saved with the probe).</summary>
    public bool StandardizeTokens { get; init; } = true;

    /// <summary>
    /// Score the test split after every epoch and keep the best epoch (the reference's habit); false: train every
    /// epoch blind and score the last once (a benchmark that must not choose on its test split).
    /// </summary>
    [YamlIgnore]
    public bool KeepBestEpoch { get; init; } = true;
}

/// <summary>One epoch's numbers, for the curves.</summary>
public sealed record ProbeEpoch(int Epoch, double TrainLoss, double TestLoss, ProbeScore Score);

/// <summary>
/// The best probe (by the task metric on the test split) and the history that chose it; for slip, the logit offset
/// that turns its output into a probability at the natural slip rate (<see cref="ProbeTrainer.SlipLogitOffset"/>).
/// </summary>
public sealed record ProbeTrainingResult(TaskProbe Probe, IReadOnlyList<ProbeEpoch> History, int BestEpoch, ProbeScore BestScore, ProbeScore Baseline,
    double SlipLogitOffset = 0);

/// <summary>
/// Trains an attentive probe on cached encoder tokens: the encoder never runs here, so many epochs are cheap.
/// Losses as the reference: T1 smooth-L1 (beta 0.02) on normalized force; T2 cross-entropy with class weights
/// [0.1, 1.0] plus smooth-L1 on normalized delta force; T3 sum of three class-weighted cross-entropies
/// (weights inversely proportional to the training-bin frequencies); T4 cross-entropy with weights inversely
/// proportional to the training-class frequencies.
/// </summary>
public static class ProbeTrainer
{
    /// <summary>The reference's slip cross-entropy weights: no slip, slip.</summary>
    private static readonly float[] SlipClassWeights = [0.1f, 1.0f];

    /// <param name="standardizeOn">
    /// Tokens to fit the standardization on instead of <paramref name="train"/>'s: it uses no labels, so a probe that
    /// learns from a small labelled budget may take it from every unlabelled training sample (TacBench does).
    /// </param>
    public static ProbeTrainingResult Train(ProbeTask task, LabelledEmbeddings train, LabelledEmbeddings test, ProbeTrainingOptions options,
        Action<ProbeEpoch>? onEpoch = null, Device? device = null, Tensor? standardizeOn = null)
    {
        train.Require(task, "training set");
        test.Require(task, "test set");
        device ??= CPU;
        manual_seed(options.Seed);
        var probe = new TaskProbe(task, train.EmbedDim, options.PoolerHeads, options.StandardizeTokens ? (int)train.Tokens.shape[1] : 0);
        if (options.StandardizeTokens)
        {
            probe.FitStandardization(standardizeOn ?? train.Tokens);
        }
        probe.to(device);
        using var optimizer = optim.Adam(probe.parameters(), options.LearningRate);
        using var classWeights = ClassWeights(task, train);
        var generator = new Generator((ulong)options.Seed);
        var history = new List<ProbeEpoch>();
        ProbeScore? best = null;
        var bestEpoch = 0;
        Dictionary<string, Tensor>? bestState = null;
        for (var epoch = 1; epoch <= options.Epochs; epoch++)
        {
            probe.train();
            double lossSum = 0;
            long seen = 0;
            using (var order = randperm(train.Count, generator: generator))
            {
                for (long start = 0; start < train.Count; start += options.BatchSize)
                {
                    using var scope = NewDisposeScope();
                    var n = Math.Min(options.BatchSize, train.Count - start);
                    var index = order.narrow(0, start, n);
                    var loss = TaskLoss(task, probe.call(train.Tokens.index_select(0, index).to(device)), train, index, options.Normalization, classWeights, device);
                    optimizer.zero_grad();
                    loss.backward();
                    optimizer.step();
                    lossSum += loss.item<float>() * n;
                    seen += n;
                }
            }
            if (!options.KeepBestEpoch && epoch < options.Epochs)
            {
                continue;
            }
            var (testLoss, score) = Evaluate(task, probe, test, options.Normalization, classWeights, device);
            var record = new ProbeEpoch(epoch, lossSum / seen, testLoss, score);
            history.Add(record);
            onEpoch?.Invoke(record);
            if (score.IsBetterThan(best))
            {
                best = score;
                bestEpoch = epoch;
                DisposeState(bestState);
                bestState = probe.state_dict().ToDictionary(kv => kv.Key, kv => kv.Value.detach().clone().DetachFromDisposeScope());
            }
        }
        if (bestState is not null)
        {
            using var noGrad = no_grad();
            foreach (var (key, value) in probe.state_dict())
            {
                value.copy_(bestState[key]);
            }
            DisposeState(bestState);
        }
        probe.eval();
        return new ProbeTrainingResult(probe, history, bestEpoch, best!, Baseline(task, train, test, options.Normalization),
            task == ProbeTask.Slip ? SlipLogitOffset(train) : 0);
    }

    /// <summary>
    /// What to add to the slip logit (slip minus no-slip) for a probability at the natural slip rate. The weighted loss
    /// multiplies the learned odds by the class-weight ratio, and a recording that keeps every slipping frame but only
    /// some others multiplies them by its sampling: both are divided out. The natural rate comes from the recording's
    /// tick counts (<see cref="LabelledEmbeddings.NaturalSlip"/>); without them only the weights are corrected.
    /// Counts are smoothed by half a tick so that a set without slips gives a finite offset.
    /// </summary>
    public static double SlipLogitOffset(LabelledEmbeddings train)
    {
        static double Logit(double slipping, double total) => Math.Log((slipping + 0.5) / (total - slipping + 0.5));
        var weights = -Math.Log(SlipClassWeights[1] / SlipClassWeights[0]);
        if (train.NaturalSlip is not { } natural)
        {
            return weights;
        }
        var labelled = train.Slip!.to(ScalarType.Int64).sum().item<long>();
        return weights + Logit(natural.Slipping, natural.Ticks) - Logit(labelled, train.Count);
    }

    /// <summary>Test loss and task metric of a probe in eval mode.</summary>
    /// <param name="slipLogitOffset">Added to a slip probe's logit before it is scored (see <see cref="Score"/>).</param>
    public static (double Loss, ProbeScore Score) Evaluate(ProbeTask task, TaskProbe probe, LabelledEmbeddings data, ProbeNormalization normalization,
        Tensor? classWeights = null, Device? device = null, double slipLogitOffset = 0)
    {
        device ??= CPU;
        probe.eval();
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        var outputs = new List<Tensor>();
        double lossSum = 0;
        const long chunk = 256;
        for (long start = 0; start < data.Count; start += chunk)
        {
            var n = Math.Min(chunk, data.Count - start);
            var index = arange(start, start + n, dtype: ScalarType.Int64);
            var output = probe.call(data.Tokens.index_select(0, index).to(device));
            lossSum += TaskLoss(task, output, data, index, normalization, classWeights, device).item<float>() * n;
            outputs.Add(output.cpu());
        }
        var all = cat(outputs, 0);
        return (lossSum / data.Count, Score(task, all, data, normalization, slipLogitOffset));
    }

    /// <summary>The task metric for head outputs (n, K) against the labels in <paramref name="data"/>.</summary>
    /// <param name="slipLogitOffset">
    /// Added to the slip logit (slip minus no-slip) before the probability is thresholded, as the estimator does with a
    /// checkpoint's <see cref="ProbeCheckpoint.SlipLogitOffset"/>; 0 scores the raw output.
    /// </param>
    public static ProbeScore Score(ProbeTask task, Tensor output, LabelledEmbeddings data, ProbeNormalization normalization, double slipLogitOffset = 0)
    {
        using var scope = NewDisposeScope();
        return task switch
        {
            ProbeTask.Force => ProbeMetrics.ForceError(
                (output * tensor(normalization.MaxForce)).data<float>().ToArray(), data.Force!.data<float>().ToArray()),
            ProbeTask.Slip => ProbeMetrics.SlipF1(
                (output.select(1, 1) - output.select(1, 0) + slipLogitOffset).sigmoid().contiguous().data<float>().ToArray(),
                data.Slip!.to(ScalarType.Int64).data<long>().ToArray(), data.Episode),
            ProbeTask.Grasp => ProbeMetrics.Accuracy("grasp accuracy",
                output.argmax(1).contiguous().data<long>().ToArray(), data.Grasp!.to(ScalarType.Int64).contiguous().data<long>().ToArray()),
            _ => ProbeMetrics.PoseAccuracy(
                output.view(-1, 3, TaskProbe.PoseBins).argmax(2).contiguous().data<long>().ToArray(),
                data.PoseBins!.to(ScalarType.Int64).contiguous().data<long>().ToArray(), data.Episode),
        };
    }

    /// <summary>
    /// What a probe must beat: a constant prediction fitted on the training labels (mean force; the better of
    /// always/never slip; the most frequent bin per axis; the more frequent grasp outcome), scored on the test set.
    /// </summary>
    public static ProbeScore Baseline(ProbeTask task, LabelledEmbeddings train, LabelledEmbeddings test, ProbeNormalization normalization)
    {
        using var scope = NewDisposeScope();
        var n = test.Count;
        switch (task)
        {
            case ProbeTask.Force:
                var mean = (train.Force!.mean([0]) / tensor(normalization.MaxForce)).clamp(-1, 1);
                return Score(task, mean.unsqueeze(0).expand(n, 3), test, normalization);
            case ProbeTask.Slip:
                var never = Score(task, tensor(new float[] { 10, -10 }).unsqueeze(0).expand(n, 2), test, normalization);
                var always = Score(task, tensor(new float[] { -10, 10 }).unsqueeze(0).expand(n, 2), test, normalization);
                return always.IsBetterThan(never) ? always : never;
            case ProbeTask.Grasp:
                var majority = train.Grasp!.to(ScalarType.Int64).mode(0).values;
                return Score(task, nn.functional.one_hot(majority, 2).to(ScalarType.Float32).view(1, 2).expand(n, 2), test, normalization);
            default:
                var mode = train.PoseBins!.to(ScalarType.Int64).mode(0).values;
                var logits = nn.functional.one_hot(mode, TaskProbe.PoseBins).to(ScalarType.Float32).view(1, -1).expand(n, -1);
                return Score(task, logits, test, normalization);
        }
    }

    /// <summary>
    /// The task's training loss for head outputs <paramref name="output"/> of the rows <paramref name="index"/> of
    /// <paramref name="data"/>; <paramref name="classWeights"/> from <see cref="ClassWeights"/>.
    /// </summary>
    internal static Tensor TaskLoss(ProbeTask task, Tensor output, LabelledEmbeddings data, Tensor index, ProbeNormalization normalization, Tensor? classWeights, Device device)
    {
        switch (task)
        {
            case ProbeTask.Force:
                var force = Normalized(data.Force!.index_select(0, index), normalization.MaxForce).to(device);
                return nn.functional.smooth_l1_loss(output, force, beta: 0.02);
            case ProbeTask.Slip:
                var slip = data.Slip!.index_select(0, index).to(ScalarType.Int64).to(device);
                var delta = Normalized(data.DeltaForce!.index_select(0, index), normalization.MaxDeltaForce).to(device);
                var weights = tensor(SlipClassWeights, device: device);
                return nn.functional.cross_entropy(output.narrow(1, 0, 2), slip, weight: weights)
                    + nn.functional.smooth_l1_loss(output.narrow(1, 2, 3), delta);
            default:
                var bins = data.PoseBins!.index_select(0, index).to(ScalarType.Int64).to(device);
                var logits = output.view(-1, 3, TaskProbe.PoseBins);
                Tensor total = zeros(1, device: device);
                for (var axis = 0; axis < 3; axis++)
                {
                    total = total + nn.functional.cross_entropy(logits.select(1, axis), bins.select(1, axis), weight: classWeights?[axis].to(device));
                }
                return total.squeeze();
            case ProbeTask.Grasp:
                var stays = data.Grasp!.index_select(0, index).to(ScalarType.Int64).to(device);
                return nn.functional.cross_entropy(output, stays, weight: classWeights?[0].to(device));
        }
    }

    private static Tensor Normalized(Tensor values, float[] max) => (values / tensor(max)).clamp(-1, 1);

    /// <summary>
    /// The classification tasks' loss weights, inversely proportional to each class's training frequency, mean 1 over
    /// present classes: (3, 11) for the pose bins, (1, 2) for grasp; null for the other tasks.
    /// </summary>
    internal static Tensor? ClassWeights(ProbeTask task, LabelledEmbeddings train) => task switch
    {
        ProbeTask.Pose => InverseFrequencyWeights(train.PoseBins!, TaskProbe.PoseBins),
        ProbeTask.Grasp => InverseFrequencyWeights(train.Grasp!.view(-1, 1), 2),
        _ => null,
    };

    private static Tensor InverseFrequencyWeights(Tensor labels, int classes)
    {
        using var scope = NewDisposeScope();
        var axes = labels.shape[1];
        var weights = zeros(axes, classes);
        var longLabels = labels.to(ScalarType.Int64);
        for (var axis = 0; axis < axes; axis++)
        {
            var counts = bincount(longLabels.select(1, axis), minlength: classes).to(ScalarType.Float32);
            var inverse = where(counts > 0, counts.sum() / (counts.clamp_min(1) * classes), zeros_like(counts));
            weights[axis] = inverse / inverse.sum() * (counts > 0).sum();
        }
        return weights.MoveToOuterDisposeScope();
    }

    private static void DisposeState(Dictionary<string, Tensor>? state)
    {
        foreach (var tensor in state?.Values.AsEnumerable() ?? [])
        {
            tensor.Dispose();
        }
    }
}
