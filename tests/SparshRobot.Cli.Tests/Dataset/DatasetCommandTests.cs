using System.Text.RegularExpressions;
using SparshRobot.Sim.Mazes;
using SparshRobot.Sim.Recording;
using SparshRobot.Sim.Ros.Recording;
using SparshRobot.Sim.Simulation;
using SparshRobot.Tactile.Calibration;
using SparshRobot.Tactile.Profiles;
using SparshRobot.Testing;

namespace SparshRobot.Cli.Tests.Dataset;

[Category("slow")]
public class DatasetCommandTests
{
    [Test]
    public void BuildWithABadConfigFailsNamingTheFileAndField()
    {
        var root = TestPaths.NewTempDirectory().FullName;
        var config = Path.Combine(root, "bad.yaml");
        File.WriteAllText(config, "rate_hz: 0\nsensors:\n  - name: thumb\n    topic: /t\n");
        var (code, output, _) = CliProcess.Run(TimeSpan.FromMinutes(1), "dataset", "build", "--bags", root, "--config", config, "--out", Path.Combine(root, "out"));
        Assert.That(code, Is.EqualTo(1));
        Assert.That(OneLine(output), Does.Contain("bad.yaml: rate_hz is '0', expected a positive rate"));
        Assert.That(Directory.Exists(Path.Combine(root, "out")), Is.False);
    }

    [Test]
    public void BuildInfoAndExportRunOnARecordedDemonstration()
    {
        var root = TestPaths.NewTempDirectory().FullName;
        var demos = Path.Combine(root, "demos");
        using (var sink = new Rosbag2DemoSink(demos))
        {
            var renderer = new DigitFrameRenderer(BackgroundStore.FromImageFile(TestPaths.DigitBackground, SensorProfile.Digit), 0);
            DemoRecorder.Record(1, 0, MazeDifficulty.Easy, sink, renderer, timeLimit: 2);
        }
        var config = Path.Combine(root, "sim.yaml");
        File.WriteAllText(config, $"min_steps: 5\nsensors:\n  - name: thumb\n    topic: {DemoTopics.ThumbImage.Name}\n    background: first_frame\n");
        var dataset = Path.Combine(root, "dataset");

        var (code, output, error) = CliProcess.Run(TimeSpan.FromMinutes(3), "dataset", "build", "--bags", demos, "--config", config, "--out", dataset);
        Assert.That(code, Is.EqualTo(0), output + error);
        Assert.That(OneLine(output), Does.Contain("1 episodes (1 built, 0 resumed"));

        (code, output, error) = CliProcess.Run(TimeSpan.FromMinutes(1), "dataset", "info", dataset);
        Assert.That(code, Is.EqualTo(0), output + error);
        Assert.That(output, Does.Contain("train episodes").And.Contain("state.x"));

        (code, output, error) = CliProcess.Run(TimeSpan.FromMinutes(1), "dataset", "export-lerobot", "--dataset", dataset, "--out", Path.Combine(root, "lerobot"));
        Assert.That(code, Is.EqualTo(0), output + error);
        Assert.That(File.Exists(Path.Combine(root, "lerobot", "data", "chunk-000", "file-000.parquet")), Is.True);
    }

    /// <summary>Spectre wraps long lines at the console width; the checks read the text as one line.</summary>
    private static string OneLine(string output) => Regex.Replace(output, @"\s+", " ");
}
