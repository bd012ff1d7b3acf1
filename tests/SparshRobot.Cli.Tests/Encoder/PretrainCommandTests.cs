using SparshRobot.Cli.Tests.Sim;
using SparshRobot.Core.IO;
using SparshRobot.Core.Numerics;
using SparshRobot.Encoder.Checkpoints;
using SparshRobot.Encoder.Pretraining;
using SparshRobot.Testing;

namespace SparshRobot.Cli.Tests.Encoder;

[Category("torch")]
public class PretrainCommandTests
{
    private DirectoryInfo _dir = null!;
    private string _data = null!;

    [OneTimeSetUp]
    public void OneThread() => TorchThreads.UseOne();

    [SetUp]
    public void WriteDataset()
    {
        _dir = TestPaths.NewTempDirectory("pretrain-cli");
        _data = Path.Combine(_dir.FullName, "data");
        var random = new Random(5);
        foreach (var episode in new[] { "a", "b" })
        {
            var folder = Directory.CreateDirectory(Path.Combine(_data, "train", episode)).FullName;
            var pixels = new byte[3 * 6 * 32 * 32];
            random.NextBytes(pixels);
            Npy.Write(Path.Combine(folder, "inputs.npy"), new NpyArray(NpyDType.UInt8, [3, 6, 32, 32], pixels));
        }
    }

    [TearDown]
    public void RemoveDirectory() => _dir.Delete(recursive: true);

    /// <summary>The smallest run: ViT-Tiny on 32x32 frames (four patches), a one-block decoder.</summary>
    private string[] Tiny(string output, params string[] more) =>
        ["encoder", "pretrain", "--dataset", _data, "--out", output, "--size", "tiny", "--batch", "2", "--decoder-dim", "16", "--decoder-depth", "1",
            "--set", "mae.decoder_heads=2", .. more];

    [Test]
    public void SettingsComeFromTheFileThenTheOptionsThenSetAndAreSavedWithTheRun()
    {
        var config = Path.Combine(_dir.FullName, "mae.yaml");
        File.WriteAllText(config, "dataset: data # beside this file\noutput: run\ntraining:\n  steps: 5\n  batch_size: 2\n  checkpoint_every: 1\nmae:\n  decoder_dim: 16\n  decoder_depth: 1\n  decoder_heads: 2\n");
        var (code, output) = SimCommandTests.Invoke("encoder", "pretrain", "--config", config, "--steps", "3", "--set", "training.steps=2", "--set", "training.seed=4");
        Assert.That(code, Is.EqualTo(0), output);
        var run = Path.Combine(_dir.FullName, "run");
        Assert.That(output.ReplaceLineEndings(" "), Does.Contain("6 frames, 2 steps logged"));
        Assert.That(File.ReadAllLines(Path.Combine(run, Pretrainer.LossLog(PretrainMethod.Mae))), Has.Length.EqualTo(2), "--set over --steps over the file");
        var saved = File.ReadAllText(Path.Combine(run, YamlConfig.EffectiveFile));
        Assert.That(YamlConfig.Differences(File.ReadAllText(config), saved), Is.EqualTo(new[] { "training.seed: (not set) -> 4", "training.steps: 5 -> 2" }));
        Assert.That(File.Exists(Path.Combine(run, Pretrainer.EncoderFile)), Is.True);
    }

    [Test]
    public void ResumeWithAChangedSettingNamesIt()
    {
        var run = Path.Combine(_dir.FullName, "run");
        Assert.That(SimCommandTests.Invoke(Tiny(run, "--steps", "2")).Code, Is.EqualTo(0));
        var (code, output) = SimCommandTests.Invoke(Tiny(run, "--steps", "3", "--resume", "--set", "training.lr=0.001"));
        Assert.That(code, Is.EqualTo(1), output);
        Assert.That(output.ReplaceLineEndings(" "), Does.Contain($"error: {Path.Combine(run, Pretrainer.LastCheckpoint(PretrainMethod.Mae))}: the run was started with other settings "
            + "(training.lr: (not set) -> 0.001; training.steps: 2 -> 3); resume with the same ones or use another output folder"));
        Assert.That(File.ReadAllText(Path.Combine(run, YamlConfig.EffectiveFile)), Does.Contain("steps: 2"), "a refused resume leaves the run's settings");
        Assert.That(SimCommandTests.Invoke(Tiny(run, "--steps", "2", "--resume")).Code, Is.EqualTo(0), "the same settings resume");
    }

    [TestCase("dino", CheckpointFamily.Dino, 1)]
    [TestCase("ijepa", CheckpointFamily.IJepa, 1)]
    [TestCase("vjepa", CheckpointFamily.VJepa, 1)]
    [TestCase("mae", CheckpointFamily.Mae, 0)]
    public void EachMethodTrainsAndWritesAnEncoderOfItsFamily(string method, CheckpointFamily family, int registers)
    {
        var run = Path.Combine(_dir.FullName, "run");
        var (code, output) = SimCommandTests.Invoke(Tiny(run, "--method", method, "--steps", "2", "--set", "dino.out_dim=32", "--set", "jepa.predictor_depth=1"));
        Assert.That(code, Is.EqualTo(0), output);
        var parsed = Enum.Parse<PretrainMethod>(method, ignoreCase: true);
        Assert.That(File.ReadAllLines(Path.Combine(run, Pretrainer.LossLog(parsed))), Has.Length.EqualTo(2));
        Assert.That(File.Exists(Path.Combine(run, Pretrainer.LossPlot(parsed))), Is.True);
        var info = EncoderCheckpoint.Describe(Path.Combine(run, Pretrainer.EncoderFile));
        Assert.That((info.Family, info.Config.Registers), Is.EqualTo((family, registers)), "registers default to the released family's");
        Assert.That(info.Config.InChannels, Is.EqualTo(method == "vjepa" ? 3 : 6));
    }

    [TestCase("method=byol", "error: --set `method`: 'byol' is not one of mae, dino, ijepa, vjepa")]
    [TestCase("dino.local_scale_max=2", "error: the command line: dino.local_scale_max is 2, expected a fraction in [local_scale_min (0.15), 1]")]
    [TestCase("jepa.collapse_shrink=1", "error: the command line: jepa.collapse_shrink is 1, expected a fraction in [0, 1)")]
    [TestCase("training.step=3", "error: --set `training.step`: unknown key; did you mean `steps`?")]
    [TestCase("mae.mask_ratio=most", "error: --set `mae.mask_ratio`: 'most' is not a number")]
    [TestCase("encoder.size=huge", "error: --set `encoder.size`: 'huge' is not one of tiny, small, base, large")]
    [TestCase("training.steps", "error: --set training.steps: expected section.key=value")]
    [TestCase("training.steps=0", "error: the command line: training.steps is 0, expected at least 1")]
    public void ABadSettingIsRefusedInTheUsersWords(string assignment, string expected)
    {
        var run = Path.Combine(_dir.FullName, "run");
        var (code, output) = SimCommandTests.Invoke(Tiny(run, "--set", assignment));
        Assert.That(code, Is.EqualTo(1), output);
        Assert.That(output.ReplaceLineEndings(" "), Does.Contain(expected));
        Assert.That(output, Does.Not.Contain("SparshRobot.").And.Not.Contain("(Parameter"));
        Assert.That(Directory.Exists(run), Is.False, "nothing runs");
    }

    [Test]
    public void AnUnknownKeyInTheFileNamesTheLineAndTheNearestKey()
    {
        var config = Path.Combine(_dir.FullName, "mae.yaml");
        File.WriteAllText(config, "training:\n  stepz: 3\n");
        var (code, output) = SimCommandTests.Invoke("encoder", "pretrain", "--config", config, "--dataset", _data);
        Assert.That(code, Is.EqualTo(1), output);
        Assert.That(output.ReplaceLineEndings(" "), Does.Contain($"error: {config}:2:3: `training.stepz`: unknown key; did you mean `steps`?"));
    }

    [Test]
    public void WithoutAFileTheDatasetAndOutputMustBeGiven()
    {
        var (code, output) = SimCommandTests.Invoke("encoder", "pretrain", "--dataset", _data);
        Assert.That(code, Is.EqualTo(1), output);
        Assert.That(output.ReplaceLineEndings(" "), Does.Contain("error: the command line: output is missing, expected a path"));
    }
}
