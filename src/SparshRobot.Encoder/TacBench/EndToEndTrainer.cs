using SparshRobot.Encoder.Model;
using SparshRobot.Encoder.Probes;
using static TorchSharp.torch;

namespace SparshRobot.Encoder.TacBench;

/// <summary>
/// How the end-to-end baseline trains. Every step runs the whole ViT forward and backward, a thousand times a probe
/// step on cached tokens, so its cost is capped by <see cref="MaxSteps"/> as well as by epochs.
/// </summary>
public sealed record EndToEndOptions(int Epochs = 5, int BatchSize = 8, int MaxSteps = 100, double LearningRate = 1e-4)
{
    public void Validate()
    {
        void Require(bool ok, string option, object value, string expected)
        {
            if (!ok)
            {
                throw new ArgumentException($"{option} is {value}, expected {expected}");
            }
        }
        Require(Epochs >= 1, "--e2e-epochs", Epochs, "at least 1");
        Require(BatchSize >= 1, "--e2e-batch", BatchSize, "at least 1");
        Require(MaxSteps >= 1, "--e2e-steps", MaxSteps, "at least 1");
        Require(LearningRate > 0, "--e2e-lr", LearningRate, "a positive rate");
    }
}

/// <summary>Trains <see cref="EndToEndModel"/> on a task and scores its last step on the test split (never chosen on it).</summary>
public static class EndToEndTrainer
{
    /// <param name="train">Rows whose <see cref="LabelledEmbeddings.Tokens"/> are encoder inputs (n, k·C, H, W).</param>
    /// <param name="config">The ViT to build (random weights seeded by <paramref name="seed"/>).</param>
    public static ProbeScore TrainAndScore(ProbeTask task, LabelledEmbeddings train, LabelledEmbeddings test, VitConfig config, int poolerHeads,
        EndToEndOptions options, ProbeNormalization normalization, long seed)
    {
        train.Require(task, "training set");
        test.Require(task, "test set");
        manual_seed(seed);
        using var model = new EndToEndModel(config, task, poolerHeads);
        using var optimizer = optim.Adam(model.parameters(), options.LearningRate);
        using var classWeights = ProbeTrainer.ClassWeights(task, train);
        using var generator = new Generator((ulong)seed);
        var steps = 0;
        model.train();
        for (var epoch = 0; epoch < options.Epochs && steps < options.MaxSteps; epoch++)
        {
            using var order = randperm(train.Count, generator: generator);
            for (long start = 0; start < train.Count && steps < options.MaxSteps; start += options.BatchSize, steps++)
            {
                using var scope = NewDisposeScope();
                var index = order.narrow(0, start, Math.Min(options.BatchSize, train.Count - start));
                var loss = ProbeTrainer.TaskLoss(task, model.call(train.Tokens.index_select(0, index)), train, index, normalization, classWeights, CPU);
                optimizer.zero_grad();
                loss.backward();
                optimizer.step();
            }
        }
        model.eval();
        using var inference = inference_mode();
        using var evalScope = NewDisposeScope();
        var outputs = new List<Tensor>();
        for (long start = 0; start < test.Count; start += options.BatchSize)
        {
            outputs.Add(model.call(test.Tokens.narrow(0, start, Math.Min(options.BatchSize, test.Count - start))));
        }
        return ProbeTrainer.Score(task, cat(outputs, 0), test, normalization);
    }
}
