using System.Text.Json;
using SparshRobot.Cli.Tests.Sim;
using SparshRobot.Core.IO;
using SparshRobot.Core.Numerics;
using SparshRobot.Encoder.Checkpoints;
using SparshRobot.Encoder.Model;
using SparshRobot.Testing;

namespace SparshRobot.Cli.Tests.Probe;

[Category("torch")]
public class ProbeCommandTests
{
    [Test]
    public void TrainWritesProbeMetricsAndCurvesAndEvalChecksTaskAndEncoder()
    {
        var dir = TestPaths.NewTempDirectory("probe-cli");
        try
        {
            var encoder = WriteEncoder(Path.Combine(dir.FullName, "encoder.safetensors"), seed: 1);
            var other = WriteEncoder(Path.Combine(dir.FullName, "other.safetensors"), seed: 2);
            var data = WriteDataset(Path.Combine(dir.FullName, "data"));
            var output = Path.Combine(dir.FullName, "run");
            string[] common = ["--dataset", data, "--encoder", encoder, "--heads", "2"];
            var code = SparshCli.Build().Parse(["probe", "train", "--task", "force", .. common, "--output", output, "--epochs", "2", "--batch", "4", "--pooler-heads", "2"]).Invoke();
            Assert.That(code, Is.EqualTo(0));
            foreach (var file in new[] { "probe.safetensors", "metrics.json", "probe_loss.png", "probe_metric.png" })
            {
                Assert.That(File.Exists(Path.Combine(output, file)), Is.True, file);
            }
            var probe = Path.Combine(output, "probe.safetensors");
            Assert.That(SparshCli.Build().Parse(["probe", "eval", "--task", "force", .. common, "--probe", probe]).Invoke(), Is.EqualTo(0));
            Assert.That(SparshCli.Build().Parse(["probe", "eval", "--task", "slip", .. common, "--probe", probe]).Invoke(), Is.EqualTo(1), "task mismatch");
            Assert.That(SparshCli.Build().Parse(["probe", "eval", "--task", "force", "--dataset", data, "--encoder", other, "--heads", "2", "--probe", probe]).Invoke(),
                Is.EqualTo(1), "probe trained on another encoder");

            // Shifted-lighting copies of the training set: cached beside the plain tokens, recorded with the probe.
            var jittered = Path.Combine(dir.FullName, "jittered");
            Assert.That(SparshCli.Build().Parse(["probe", "train", "--task", "force", .. common, "--output", jittered, "--epochs", "1", "--batch", "4", "--pooler-heads", "2",
                "--jitter-copies", "1", "--jitter-shift", "2"]).Invoke(), Is.EqualTo(0));
            Assert.That(File.ReadAllText(Path.Combine(jittered, "metrics.json")), Does.Contain("\"photometric_jitter\": {").And.Contain("\"max_shift\": 2"));
            Assert.That(Directory.GetFiles(Path.Combine(data, ".embeddings", "train"), "*.jitter1-2-0.npy"), Has.Length.EqualTo(2), "one per training episode");
            Assert.That(Directory.Exists(Path.Combine(data, ".embeddings", "test")) && Directory.GetFiles(Path.Combine(data, ".embeddings", "test"), "*jitter*").Length == 0,
                Is.True, "the test split is scored as recorded");
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Test]
    public void TrainTakesItsSettingsFromAFileTheOptionsAndSetAndSavesThem()
    {
        var dir = TestPaths.NewTempDirectory("probe-config");
        try
        {
            WriteEncoder(Path.Combine(dir.FullName, "encoder.safetensors"), seed: 1);
            WriteDataset(Path.Combine(dir.FullName, "data"));
            var config = Path.Combine(dir.FullName, "force.yaml");
            File.WriteAllText(config, "task: force\ndataset: data\nencoder: encoder.safetensors\nencoder_heads: 2\noutput: run\ntraining:\n  epochs: 5\n  batch_size: 4\n  pooler_heads: 2\n");
            var (code, output) = SimCommandTests.Invoke("probe", "train", "--config", config, "--epochs", "1", "--set", "training.epochs=2");
            Assert.That(code, Is.EqualTo(0), output);
            var run = Path.Combine(dir.FullName, "run");
            using (var metrics = JsonDocument.Parse(File.ReadAllText(Path.Combine(run, "metrics.json"))))
            {
                Assert.That(metrics.RootElement.GetProperty("history").GetArrayLength(), Is.EqualTo(2), "--set over --epochs over the file");
            }
            var saved = File.ReadAllText(Path.Combine(run, YamlConfig.EffectiveFile));
            Assert.That(YamlConfig.Differences(File.ReadAllText(config), saved), Is.EqualTo(new[] { "training.epochs: 5 -> 2" }));
            using var probe = SafetensorsFile.Open(Path.Combine(run, "probe.safetensors"));
            Assert.That(probe.Metadata["config"], Is.EqualTo(saved), "the probe carries the settings it was trained with");
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [TestCase("--set", "training.lr=1e-3",
        "error: --set `training.lr`: unknown key; expected one of epochs, batch_size, learning_rate, pooler_heads, seed, standardize_tokens")]
    [TestCase("--set", "jitter.copies=two", "error: --set `jitter.copies`: 'two' is not an integer")]
    [TestCase("--set", "jitter", "error: --set jitter: expected section.key=value")]
    [TestCase("--sensor", "geltsight", "error: the command line: sensor is 'geltsight', expected digit or gelsight-mini")]
    [TestCase("--set", "jitter.max_shift=0", "error: the command line: jitter.max_shift is 0, expected at least 1 (grey levels)")]
    public void TrainRefusesABadSettingInTheUsersWords(string option, string value, string expected)
    {
        var (code, output) = SimCommandTests.Invoke("probe", "train", "--task", "force", "--dataset", "data", "--encoder", "encoder.safetensors", "--out", "run", option, value);
        Assert.That(code, Is.EqualTo(1), output);
        Assert.That(output.ReplaceLineEndings(" "), Does.Contain(expected));
        Assert.That(output, Does.Not.Contain("SparshRobot.").And.Not.Contain("(Parameter"));
    }

    [Test]
    public void TrainWithoutATaskSaysWhichAreValid()
    {
        var (code, output) = SimCommandTests.Invoke("probe", "train", "--dataset", "data", "--encoder", "encoder.safetensors", "--out", "run");
        Assert.That(code, Is.EqualTo(1), output);
        Assert.That(output.ReplaceLineEndings(" "), Does.Contain("error: the command line: task is missing, expected force, slip, pose or grasp"));
    }

    /// <summary>Two training episodes and one test episode of random uint8 pairs with force labels.</summary>
    private static string WriteDataset(string data)
    {
        var random = new Random(3);
        foreach (var (split, episode) in new[] { ("train", "a"), ("train", "b"), ("test", "c") })
        {
            var folder = Directory.CreateDirectory(Path.Combine(data, split, episode)).FullName;
            var pixels = new byte[4 * 6 * 32 * 32];
            random.NextBytes(pixels);
            Npy.Write(Path.Combine(folder, "inputs.npy"), new NpyArray(NpyDType.UInt8, [4, 6, 32, 32], pixels));
            Npy.Write(Path.Combine(folder, "force.npy"), NpyArray.FromFloat32(Enumerable.Range(0, 12).Select(_ => random.NextSingle()).ToArray(), 4, 3));
        }
        return data;
    }

    private static string WriteEncoder(string path, int seed)
    {
        TorchSharp.torch.manual_seed(seed);
        using var model = new SparshVit(new VitConfig { EmbedDim = 32, Depth = 1, NumHeads = 2 });
        SafetensorsWriter.Write(path, model.state_dict());
        return path;
    }
}
