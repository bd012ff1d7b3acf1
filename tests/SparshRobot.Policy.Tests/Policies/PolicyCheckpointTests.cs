using SparshRobot.Policy.Datasets;
using SparshRobot.Policy.Evaluation;
using SparshRobot.Policy.Normalization;
using SparshRobot.Policy.Policies;
using SparshRobot.Policy.Spec;
using SparshRobot.Policy.Tests.Fixtures;
using SparshRobot.Policy.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace SparshRobot.Policy.Tests.Policies;

public class PolicyCheckpointTests
{
    private static TactilePolicy NewPolicy(TinyPolicyData data, string head)
    {
        manual_seed(2);
        var spec = ObservationSpec.From(data.Dataset.Manifest, 2, data.Encoder.Identity, 4, 32);
        return new TactilePolicy(data.Config(head), spec, data.Dataset.Manifest.ActionFeatures,
            AffineNormalizer.Fit(data.Dataset.Statistics.State, NormalizationMode.MeanStd),
            AffineNormalizer.Fit(data.Dataset.Statistics.Action, NormalizationMode.MinMax));
    }

    private static (Tensor[] Tokens, Tensor State) Inputs()
    {
        var generator = new Generator(seed: 3);
        return ([randn([3, 2, 4, 32], generator: generator), randn([3, 2, 4, 32], generator: generator)], randn([3, 2, 3], generator: generator) * 0.05);
    }

    [TestCase("mlp")]
    [TestCase("diffusion")]
    public void ARoundTripPredictsTheSame(string head)
    {
        using var data = TinyPolicyData.Create();
        using var policy = NewPolicy(data, head);
        var path = Path.Combine(data.Folder.FullName, "policy.safetensors");
        PolicyCheckpoint.Save(path, policy, "encoder.safetensors", epoch: 7);
        using var loaded = PolicyCheckpoint.Load(path, CPU);
        using var scope = NewDisposeScope();
        var (tokens, state) = Inputs();
        var before = policy.Predict(tokens, state, new Generator(seed: 5));
        var after = loaded.Predict(tokens, state, new Generator(seed: 5));
        Assert.Multiple(() =>
        {
            Assert.That(after.shape, Is.EqualTo(new long[] { 3, 4, 3 }));
            Assert.That(after.eq(before).all().item<bool>(), Is.True);
            Assert.That(loaded.Observation.Differences(policy.Observation), Is.Empty);
            Assert.That(loaded.Action, Is.EqualTo(new ActionSpec(loaded.Action.Features, 4, 2)));
            Assert.That(PolicyCheckpoint.ReadInfo(path).Epoch, Is.EqualTo(7));
        });
    }

    [Test]
    public void DiffusionSamplesDependOnlyOnTheSeed()
    {
        using var data = TinyPolicyData.Create();
        using var policy = NewPolicy(data, "diffusion");
        using var scope = NewDisposeScope();
        var (tokens, state) = Inputs();
        var a = policy.Predict(tokens, state, new Generator(seed: 42));
        var b = policy.Predict(tokens, state, new Generator(seed: 42));
        var c = policy.Predict(tokens, state, new Generator(seed: 43));
        Assert.Multiple(() =>
        {
            Assert.That(a.eq(b).all().item<bool>(), Is.True);
            Assert.That(a.eq(c).all().item<bool>(), Is.False);
        });
    }

    [Test]
    public void FewerSamplerStepsChangeTheSampleAndBadCountsAreRefused()
    {
        using var data = TinyPolicyData.Create();
        using var policy = NewPolicy(data, "diffusion");
        using var scope = NewDisposeScope();
        var (tokens, state) = Inputs();
        var configured = policy.SamplerSteps!.Value;
        var full = policy.Predict(tokens, state, new Generator(seed: 42));
        policy.SamplerSteps = 2;
        var fewer = policy.Predict(tokens, state, new Generator(seed: 42));
        Assert.That(fewer.eq(full).all().item<bool>(), Is.False, "another DDIM schedule, another sample");
        policy.SamplerSteps = configured;
        Assert.That(policy.Predict(tokens, state, new Generator(seed: 42)).eq(full).all().item<bool>(), Is.True);
        var trainSteps = data.Config("diffusion").Policy.Diffusion.TrainSteps;
        Assert.That(() => policy.SamplerSteps = trainSteps + 1, Throws.ArgumentException.With.Message.EqualTo($"DDIM sampler steps {trainSteps + 1} are not in 1..{trainSteps} (the training schedule's steps)"));
        Assert.That(() => policy.SamplerSteps = 0, Throws.ArgumentException);
        using var mlp = NewPolicy(data, "mlp");
        Assert.That(mlp.SamplerSteps, Is.Null);
        Assert.That(() => mlp.SamplerSteps = 4, Throws.ArgumentException.With.Message.Contains("this one has an MLP head"));
    }

    [Test]
    public void AMismatchedObservationListsEveryDifference()
    {
        using var data = TinyPolicyData.Create();
        using var policy = NewPolicy(data, "mlp");
        var path = Path.Combine(data.Folder.FullName, "policy.safetensors");
        PolicyCheckpoint.Save(path, policy, "encoder.safetensors", epoch: 1);
        var other = policy.Observation with { EncoderIdentity = new string('a', 64), FrameStride = 3, ObservationSteps = 1 };
        var e = Assert.Throws<PolicySpecMismatchException>(() => PolicyCheckpoint.Load(path, CPU, other));
        Assert.Multiple(() =>
        {
            Assert.That(e!.Differences, Has.Count.EqualTo(3));
            Assert.That(e.Message, Does.Contain(path).And.Contain("frame_stride: expected 5, found 3").And.Contain("observation_steps: expected 2, found 1")
                .And.Contain($"encoder: expected {data.Encoder.Identity}"));
        });
        Assert.DoesNotThrow(() => PolicyCheckpoint.Load(path, CPU, policy.Observation).Dispose());
    }

    [Test]
    public void EvaluationScoresEveryValidationEpisodeAndRefusesAnotherEncodersTokens()
    {
        using var data = TinyPolicyData.Create();
        using var policy = NewPolicy(data, "diffusion");
        var errors = new Dictionary<ExecutedAction, double>();
        foreach (var executed in Enum.GetValues<ExecutedAction>())
        {
            var episodes = PolicyEvaluator.Evaluate(policy, data.Dataset, data.Store, CPU, executed, batch: 5);
            Assert.That(episodes.Select(e => e.Episode), Is.EqualTo(new[] { "e3" }));
            Assert.That(episodes[0].PredictedPath, Has.Count.EqualTo(TinyPolicyData.Steps));
            errors[executed] = episodes[0].Error;
            var png = Path.Combine(data.Folder.FullName, $"{executed}.png");
            PolicyEvaluator.Plot(episodes, png, "test");
            Assert.That(new FileInfo(png).Length, Is.GreaterThan(1000));
        }
        Assert.That(errors.Values, Is.All.Positive.And.All.LessThan(1), "finite, in metres");
        Assert.That(PolicyEvaluator.Evaluate(policy, data.Dataset, data.Store, CPU, ExecutedAction.First, batch: 5)[0].Error,
            Is.EqualTo(errors[ExecutedAction.First]), "deterministic for the default seed");

        using var other = TinyPolicyData.NewEncoder(seed: 9);
        var store = new SparshRobot.Policy.Embeddings.EmbeddingStore(data.Dataset, other.Identity);
        store.Compute(other, PolicyDataset.ValidationSplit);
        var e = Assert.Throws<PolicySpecMismatchException>(() => PolicyEvaluator.Evaluate(policy, data.Dataset, store, CPU));
        Assert.That(e!.Message, Does.Contain("encoder: expected " + data.Encoder.Identity));
    }
}
