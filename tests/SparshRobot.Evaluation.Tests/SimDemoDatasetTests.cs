using SparshRobot.Policy.Datasets;
using SparshRobot.Policy.Datasets.Building;
using SparshRobot.Sim.Mazes;
using SparshRobot.Sim.Recording;
using SparshRobot.Sim.Ros.Recording;
using SparshRobot.Sim.Simulation;
using SparshRobot.Tactile.Calibration;
using SparshRobot.Tactile.Profiles;
using SparshRobot.Testing;

namespace SparshRobot.Evaluation.Tests;

public class SimDemoDatasetTests
{
    [Test]
    public void DemonstrationsRecordedByTheSimulatorBuildIntoADataset()
    {
        var root = TestPaths.NewTempDirectory().FullName;
        var demos = Path.Combine(root, "demos");
        var renderer = new DigitFrameRenderer(BackgroundStore.FromImageFile(TestPaths.DigitBackground, SensorProfile.Digit), 0);
        using (var sink = new Rosbag2DemoSink(demos))
        {
            // Two short teleop episodes (a time limit keeps the test fast) written exactly as record-demos writes them.
            DemoRecorder.Record(2, 0, MazeDifficulty.Easy, sink, renderer, timeLimit: 2.5);
        }
        var config = DatasetBuildConfig.Parse($"""
            rate_hz: 10
            min_steps: 5
            sensors:
              - name: thumb
                topic: {DemoTopics.ThumbImage.Name}
                background: first_frame
              - name: index
                topic: {DemoTopics.IndexImage.Name}
                background: first_frame
            """, "sim.yaml");

        var result = DatasetBuilder.Build(BagDiscovery.Find(demos), config, Path.Combine(root, "dataset"), resume: false);
        var dataset = result.Dataset;

        Assert.That(dataset.Manifest.Skipped, Is.Empty, string.Join("; ", dataset.Manifest.Skipped.Select(s => s.Reason)));
        Assert.That(dataset.Manifest.Episodes, Has.Count.EqualTo(2));
        Assert.That(dataset.Split(PolicyDataset.ValidationSplit), Has.Count.EqualTo(1));
        foreach (var episode in dataset.Manifest.Episodes)
        {
            Assert.That(episode.Steps, Is.InRange(20, 25), episode.Name);
            var stamps = dataset.ReadStamps(episode);
            Assert.That(stamps.Zip(stamps.Skip(1), (a, b) => b - a), Is.All.EqualTo(100_000_000L));
            var inputs = dataset.ReadInputs(episode, "thumb");
            // Background-subtracted against the episode's first frame: before contact a stack is "no change" (127) up
            // to the renderer's sensor noise.
            Assert.That(inputs.Data.AsSpan(0, 6 * 224 * 224).ToArray().Average(b => b), Is.InRange(126.0, 128.0));
        }
        // The hand moves: the teleoperator pushes along the wire, so x changes over the episode.
        Assert.That(dataset.Statistics.State.Max[0] - dataset.Statistics.State.Min[0], Is.GreaterThan(0.005));
    }
}
