using SparshRobot.Encoder.Checkpoints;
using SparshRobot.Policy.Policies;
using SparshRobot.Policy.Tests.Fixtures;
using SparshRobot.Policy.Training;

namespace SparshRobot.Policy.Tests.Training;

public class PolicyTrainerTests
{
    // The diffusion head's epsilon loss has a high floor at small noise levels and one noise draw per sample and
    // step, so in a few seconds it only halves; PolicyHeadTests checks that DDIM samples reproduce memorized chunks.
    [TestCase("mlp", 150, 3e-3, 0.01, 10)]
    [TestCase("diffusion", 150, 1e-2, 0.7, 2)]
    public void BothHeadsOverfitATinyDataset(string head, int epochs, double lr, double bound, double reduction)
    {
        using var data = TinyPolicyData.Create();
        var config = data.Config(head, epochs, checkpointEvery: epochs, lr: lr);
        var history = new List<PolicyEpoch>();
        var final = PolicyTrainer.Run(config, data.Dataset, data.Store, onEpoch: history.Add);
        Assert.Multiple(() =>
        {
            Assert.That(history[^1].TrainLoss, Is.LessThan(bound), $"first epoch {history[0].TrainLoss}, " + string.Join(" ", history.Where(h => h.Epoch % 25 == 0).Select(h => $"{h.Epoch}:{h.TrainLoss:0.0000}")));
            Assert.That(history[^1].TrainLoss, Is.LessThan(history[0].TrainLoss / reduction));
            Assert.That(history[^1].ValLoss, Is.Not.Null);
            Assert.That(File.Exists(final), Is.True);
            Assert.That(File.Exists(Path.Combine(config.Output, PolicyTrainer.LossPlot)), Is.True);
            Assert.That(File.ReadAllLines(Path.Combine(config.Output, PolicyTrainer.LossLog)), Has.Length.EqualTo(epochs + 1));
        });
    }

    [Test]
    public void AResumedRunEndsWithTheWeightsOfAnUninterruptedOne()
    {
        using var data = TinyPolicyData.Create();
        var straight = data.Config("diffusion", epochs: 4, checkpointEvery: 2, run: "straight");
        var interrupted = data.Config("diffusion", epochs: 4, checkpointEvery: 2, run: "interrupted");
        var expected = PolicyTrainer.Run(straight, data.Dataset, data.Store)!;

        using var stop = new CancellationTokenSource();
        var stopped = PolicyTrainer.Run(interrupted, data.Dataset, data.Store, onEpoch: e =>
        {
            if (e.Epoch == 1)
            {
                stop.Cancel();
            }
        }, cancel: stop.Token);
        Assert.That(stopped, Is.Null, "stopped after epoch 1");
        Assert.Throws<IOException>(() => PolicyTrainer.Run(interrupted, data.Dataset, data.Store), "a fresh run refuses to overwrite");
        var epochs = new List<int>();
        var resumed = PolicyTrainer.Run(interrupted, data.Dataset, data.Store, resume: true, onEpoch: e => epochs.Add(e.Epoch))!;

        Assert.That(epochs, Is.EqualTo(new[] { 2, 3, 4 }));
        using var a = SafetensorsFile.Open(expected);
        using var b = SafetensorsFile.Open(resumed);
        foreach (var key in a.Entries.Keys)
        {
            using var x = a.Read(key);
            using var y = b.Read(key);
            Assert.That(x.eq(y).all().item<bool>(), Is.True, key);
        }
        Assert.That(File.ReadAllLines(Path.Combine(interrupted.Output, PolicyTrainer.LossLog)),
            Is.EqualTo(File.ReadAllLines(Path.Combine(straight.Output, PolicyTrainer.LossLog))));
    }

    [Test]
    public void ResumingWithAnotherConfigurationIsRefused()
    {
        using var data = TinyPolicyData.Create();
        PolicyTrainer.Run(data.Config("mlp", epochs: 1), data.Dataset, data.Store);
        var changed = data.Config("mlp", epochs: 1, lr: 1e-3);
        var e = Assert.Throws<CheckpointException>(() => PolicyTrainer.Run(changed, data.Dataset, data.Store, resume: true));
        Assert.That(e!.Message, Does.Contain($"the run was started with other settings (training.lr: {data.Config("mlp", epochs: 1).Training.Lr.ToString(System.Globalization.CultureInfo.InvariantCulture)} -> 0.001)"));
        Assert.That(File.ReadAllText(Path.Combine(changed.Output, PolicyTrainer.EffectiveConfig)), Is.EqualTo(data.Config("mlp", epochs: 1).Text),
            "the run folder keeps the settings it was started with");
    }
}
