using System.Text.Json;
using SparshRobot.Cli.Tests.Sim;
using SparshRobot.Core.Numerics;
using SparshRobot.Encoder.Checkpoints;
using SparshRobot.Encoder.Model;
using SparshRobot.Testing;

namespace SparshRobot.Cli.Tests.TacBench;

[Category("torch")]
[Category("slow")]
public class TacBenchCommandTests
{
    [Test]
    public void RunScoresEveryModelTaskBudgetAndSeedAndWritesTheReport()
    {
        var dir = TestPaths.NewTempDirectory("tacbench-cli");
        try
        {
            var encoder = WriteEncoder(Path.Combine(dir.FullName, "tiny.safetensors"));
            var data = WriteDataset(Path.Combine(dir.FullName, "data"));
            var output = Path.Combine(dir.FullName, "out");
            var (code, text) = SimCommandTests.Invoke("tacbench", "run", "--encoder", $"tiny={encoder}", "--heads", "2", "--data", data, "--budgets", "50,100", "--seeds", "2",
                "--epochs", "1", "--batch", "4", "--pooler-heads", "2", "--e2e-steps", "1", "--e2e-batch", "4", "--out", output);
            Assert.That(code, Is.EqualTo(0), text);
            var rows = File.ReadAllLines(Path.Combine(output, "tacbench.csv"));
            Assert.That(rows[0], Is.EqualTo("encoder,task,budget,seed,train_rows,metric,value,higher_is_better,seconds"));
            // tiny, e2e and the constant predictor; 5 tasks; 2 budgets; 2 seeds.
            Assert.That(rows, Has.Length.EqualTo(1 + 3 * 5 * 2 * 2));
            var fields = rows.Skip(1).Select(r => r.Split(',')).ToList();
            Assert.That(fields.Select(f => f[0]).Distinct(), Is.EquivalentTo(new[] { "tiny", "e2e", "constant" }));
            Assert.That(fields.Select(f => f[1]).Distinct(), Is.EquivalentTo(new[] { "force", "slip", "pose", "grasp", "grasp-both" }));
            // 2 train episodes of 6 frames per finger: 24 rows, 12 moments with both fingers; half of each at 50 %.
            Assert.That(fields.Where(f => f[1] == "force" && f[2] == "0.5").Select(f => f[4]).Distinct(), Is.EqualTo(new[] { "12" }));
            Assert.That(fields.Where(f => f[1] == "grasp-both" && f[2] == "1").Select(f => f[4]).Distinct(), Is.EqualTo(new[] { "12" }));
            Assert.That(fields.Where(f => f[1] == "force").Select(f => f[5]).Distinct(), Is.EqualTo(new[] { "force error mN" }));

            using var summary = JsonDocument.Parse(File.ReadAllText(Path.Combine(output, "summary.json")));
            var cells = summary.RootElement.GetProperty("cells").EnumerateArray().ToList();
            Assert.That(cells, Has.Count.EqualTo(3 * 5 * 2));
            foreach (var cell in cells)
            {
                var values = cell.GetProperty("values").EnumerateArray().Select(v => v.GetDouble()).ToList();
                Assert.That(values, Has.Count.EqualTo(2));
                Assert.That(cell.GetProperty("mean").GetDouble(), Is.EqualTo(values.Average()).Within(1e-9));
                // Two seeds: t(0.975, 1) = 12.706 times the standard error |a - b| / 2.
                Assert.That(cell.GetProperty("ci95").GetDouble(), Is.EqualTo(12.706 * Math.Abs(values[0] - values[1]) / 2).Within(1e-9));
            }
            Assert.That(summary.RootElement.GetProperty("best").GetArrayLength(), Is.EqualTo(5 * 2), "one best model per task and budget");
            Assert.That(new FileInfo(Path.Combine(output, "tacbench.png")).Length, Is.GreaterThan(10_000));
            Assert.That(text, Does.Contain("grasp-both").And.Contain("50 %").And.Contain("e2e"), "the printed table");
            Assert.That(Directory.GetFiles(Path.Combine(data, ".embeddings", "train")), Has.Length.EqualTo(4), "tokens cached once per fingertip folder");

            // A split run joins back: the report of one run is that run; the same model twice is refused by name.
            var joined = Path.Combine(dir.FullName, "joined");
            var (ok, report) = SimCommandTests.Invoke("tacbench", "report", output, "--out", joined);
            Assert.That(ok, Is.EqualTo(0), report);
            Assert.That(report, Does.Contain($"joined {rows.Length - 1} rows from 1 run(s)").And.Contain("grasp-both"));
            Assert.That(File.ReadAllLines(Path.Combine(joined, "tacbench.csv")), Is.EqualTo(rows));
            Assert.That(File.Exists(Path.Combine(joined, "tacbench.png")) && File.Exists(Path.Combine(joined, "summary.json")), Is.True);
            var (twice, error) = SimCommandTests.Invoke("tacbench", "report", output, Path.Combine(output, "tacbench.csv"), "--out", Path.Combine(dir.FullName, "twice"));
            Assert.That(twice, Is.EqualTo(1));
            Assert.That(error.ReplaceLineEndings(" "), Does.Contain("tiny / force / 50 % / seed 0 is in both"));
            var (missing, notFound) = SimCommandTests.Invoke("tacbench", "report", Path.Combine(dir.FullName, "nowhere"), "--out", Path.Combine(dir.FullName, "none"));
            Assert.That(missing, Is.EqualTo(1));
            Assert.That(notFound.ReplaceLineEndings(" "), Does.Contain("nowhere: not found; give tacbench run output folders or their tacbench.csv files"));
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [TestCase("--tasks", "force,texture", "unknown task 'texture' in --tasks 'force,texture'; expected force, slip, pose, grasp, grasp-both or all")]
    [TestCase("--budgets", "0,50", "budget '0' in --budgets '0,50' is not a percentage of the training split in (0, 100]")]
    [TestCase("--budgets", "10,101", "budget '101'")]
    [TestCase("--encoder", "mae=missing.safetensors", "--encoder mae: checkpoint missing.safetensors not found")]
    [TestCase("--encoder", "missing.safetensors", "--encoder 'missing.safetensors': expected NAME=PATH")]
    [TestCase("--encoder", "e2e=tiny.safetensors", "'e2e' names a baseline")]
    public void RunRefusesBadInputNamingIt(string option, string value, string expected)
    {
        var dir = TestPaths.NewTempDirectory("tacbench-bad");
        try
        {
            WriteEncoder(Path.Combine(dir.FullName, "tiny.safetensors"));
            var data = WriteDataset(Path.Combine(dir.FullName, "data"));
            string[] encoder = option == "--encoder" ? [] : ["--encoder", $"tiny={Path.Combine(dir.FullName, "tiny.safetensors")}"];
            var (code, text) = SimCommandTests.Invoke(["tacbench", "run", .. encoder, "--data", data, "--out", Path.Combine(dir.FullName, "out"), option, value]);
            Assert.That(code, Is.EqualTo(1), text);
            Assert.That(text.ReplaceLineEndings(" "), Does.Contain(expected));
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Test]
    public void AnEpisodeInBothSplitsIsRefused()
    {
        var dir = TestPaths.NewTempDirectory("tacbench-leak");
        try
        {
            var data = WriteDataset(Path.Combine(dir.FullName, "data"));
            WriteEpisode(Path.Combine(data, "test", "a"), new Random(1));
            var (code, text) = SimCommandTests.Invoke("tacbench", "run", "--data", data, "--out", Path.Combine(dir.FullName, "out"));
            Assert.That(code, Is.EqualTo(1), text);
            Assert.That(text.ReplaceLineEndings(" "), Does.Contain("episode(s) a.index, a.thumb are in both the train and the test split"));
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    /// <summary>Two training episodes and one test episode as record-touch lays them out, 6 random 32x32 frames per finger with every label.</summary>
    private static string WriteDataset(string data)
    {
        var random = new Random(3);
        foreach (var (split, episode) in new[] { ("train", "a"), ("train", "b"), ("test", "c") })
        {
            WriteEpisode(Path.Combine(data, split, episode), random);
        }
        return data;
    }

    private static void WriteEpisode(string episode, Random random)
    {
        const int t = 6;
        foreach (var finger in new[] { "thumb", "index" })
        {
            var folder = Directory.CreateDirectory(Path.Combine(episode, finger)).FullName;
            var pixels = new byte[t * 6 * 32 * 32];
            random.NextBytes(pixels);
            Npy.Write(Path.Combine(folder, "inputs.npy"), new NpyArray(NpyDType.UInt8, [t, 6, 32, 32], pixels));
            Npy.Write(Path.Combine(folder, "force.npy"), NpyArray.FromFloat32([.. Enumerable.Range(0, t * 3).Select(_ => random.NextSingle())], t, 3));
            Npy.Write(Path.Combine(folder, "delta_force.npy"), NpyArray.FromFloat32([.. Enumerable.Range(0, t * 3).Select(_ => random.NextSingle() - 0.5f)], t, 3));
            Npy.Write(Path.Combine(folder, "slip.npy"), NpyArray.FromInt64([0, 1, 1, 1, 0, 0], t));
            Npy.Write(Path.Combine(folder, "pose_bins.npy"), NpyArray.FromInt64([.. Enumerable.Range(0, t * 3).Select(_ => (long)random.Next(11))], t, 3));
            Npy.Write(Path.Combine(folder, "grasp_stable.npy"), NpyArray.FromInt64([1, 1, 1, 0, 0, 1], t));
            Npy.Write(Path.Combine(folder, "sequence.npy"), NpyArray.FromInt64([0, 12, 24, 36, 48, 60], t));
        }
    }

    private static string WriteEncoder(string path)
    {
        TorchSharp.torch.manual_seed(1);
        using var model = new SparshVit(new VitConfig { EmbedDim = 32, Depth = 1, NumHeads = 2 });
        SafetensorsWriter.Write(path, model.state_dict());
        return path;
    }
}
