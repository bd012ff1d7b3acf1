using SparshRobot.Policy.Datasets;
using SparshRobot.Policy.Datasets.Building;
using SparshRobot.Policy.Datasets.Frames;
using SparshRobot.Tactile.Calibration;
using SparshRobot.Tactile.Profiles;
using SparshRobot.Testing;

namespace SparshRobot.Policy.Tests.Datasets;

public class DatasetBuilderTests
{
    private static string NewBag(string root, string name, SyntheticBag bag) => bag.Write(Path.Combine(root, name));

    [Test]
    public void StreamsLandOnThePolicyClockWithInterpolatedPosesAndNativeStridePairs()
    {
        var root = TestPaths.NewTempDirectory().FullName;
        var bag = NewBag(root, "ep0", new SyntheticBag());
        var result = DatasetBuilder.Build([bag, NewBag(root, "ep1", new SyntheticBag())], SyntheticBag.Config(), Path.Combine(root, "out"), resume: false);
        var dataset = result.Dataset;
        var episode = dataset.Manifest.Episodes.Single(e => e.Name == "ep0");

        // Start: the latest first stamp (index at +25 ms); end: the earliest last stamp (pose 59 at 1.9667 s).
        var stamps = dataset.ReadStamps(episode);
        Assert.That(episode.Steps, Is.EqualTo(19));
        Assert.That(stamps, Is.EqualTo(Enumerable.Range(0, 19).Select(k => SyntheticBag.Start + SyntheticBag.IndexOffset + k * 100_000_000L)));

        // Tick k lies at pose u = 0.75 + 3k: three quarters of the way from pose 3k to pose 3k + 1.
        var state = dataset.ReadState(episode);
        var action = dataset.ReadAction(episode);
        Assert.That(state[0], Is.EqualTo(new[] { 0.0075f, 0.00075f, 0.3f }).Within(1e-7f));
        Assert.That(state[1], Is.EqualTo(new[] { 0.0375f, 0.001f * (9 + 0.75f * 7), 0.3f }).Within(1e-7f));
        for (var k = 0; k < 19; k++)
        {
            var i = 3 * k;
            double[] expected = [0.01 * (0.75 + i), 0.001 * (i * i + 0.75 * (2 * i + 1)), 0.3];
            Assert.That(state[k].Select(v => (double)v), Is.EqualTo(expected).Within(1e-6), $"state at tick {k}");
            var next = k + 1 < 19 ? state[k + 1] : null;
            if (next is not null)
            {
                Assert.That(action[k], Is.EqualTo(next.Zip(state[k], (a, b) => a - b)).Within(1e-6f), $"action at tick {k}");
            }
        }
        // The last action reaches the tick after the last kept step: pose u = 57.75.
        Assert.That(action[18][0], Is.EqualTo(0.01 * 57.75 - state[18][0]).Within(1e-6));

        // Thumb (raw Image, frames at +20 ms) and index (JPEG, frames at +25 ms): tick k sees frame 6k (the index
        // frame exactly at the tick counts), paired with frame 6k - 5 at 60 fps, clipped to frame 0 at the start.
        foreach (var sensor in new[] { "thumb", "index" })
        {
            var inputs = dataset.ReadInputs(episode, sensor);
            const int plane = 224 * 224;
            for (var k = 0; k < 19; k++)
            {
                var stack = inputs.Data.AsSpan(k * 6 * plane, 6 * plane);
                Assert.That(SyntheticBag.FrameOf(stack, plane, 0), Is.EqualTo(6 * k), $"{sensor} current frame at tick {k}");
                Assert.That(SyntheticBag.FrameOf(stack, plane, 1), Is.EqualTo(Math.Max(6 * k - 5, 0)), $"{sensor} stride partner at tick {k}");
            }
        }
    }

    [Test]
    public void BagsWithAMissingTopicAGapOrABackwardsStampAreSkippedWithTheReason()
    {
        var root = TestPaths.NewTempDirectory().FullName;
        string[] bags =
        [
            NewBag(root, "good", new SyntheticBag()),
            NewBag(root, "missing", new SyntheticBag(WithIndex: false)),
            NewBag(root, "gap", new SyntheticBag(PoseGapFrom: 30, PoseGapLength: 15)),
            NewBag(root, "backwards", new SyntheticBag(BackwardsThumbFrame: 50)),
        ];
        var dataset = DatasetBuilder.Build(bags, SyntheticBag.Config(), Path.Combine(root, "out"), resume: false).Dataset;

        Assert.That(dataset.Manifest.Episodes.Select(e => e.Name), Is.EqualTo(new[] { "good" }));
        var reasons = dataset.Manifest.Skipped.ToDictionary(s => Path.GetFileName(s.Bag), s => s.Reason);
        Assert.That(reasons["missing"], Does.Contain("missing topic " + SyntheticBag.Index));
        // Poses 29 and 45 are 16/30 s apart; the gap starts 29/30 s after the first pose.
        Assert.That(reasons["gap"], Does.Contain(SyntheticBag.Pose).And.Contain("gap of 0.533 s at 0.967 s"));
        Assert.That(reasons["backwards"], Does.Contain(SyntheticBag.Thumb).And.Contain("back by 0.083 s at message 50"));
        Assert.That(Directory.Exists(Path.Combine(root, "out", "train", "missing")), Is.False);
    }

    [Test]
    public void AMissingBackgroundFileSkipsTheBagAndFirstFrameNeedsNone()
    {
        var root = TestPaths.NewTempDirectory().FullName;
        var bag = NewBag(root, "ep", new SyntheticBag(Seconds: 1));
        File.Delete(Path.Combine(bag, "background", "digit_index.png"));

        Assert.That(() => BagScanner.Scan(bag, SyntheticBag.Config()),
            Throws.TypeOf<EpisodeRejectedException>().With.Message.Contains("digit_index.png is missing"));

        // With the episode's first frame as background, frame f reads back as f - 0 relative to frame 0.
        var scan = BagScanner.Scan(bag, SyntheticBag.Config(SensorBuildConfig.FirstFrame));
        var arrays = EpisodeBuilder.Build(scan, SyntheticBag.Config(SensorBuildConfig.FirstFrame));
        Assert.That(SyntheticBag.FrameOf(arrays.Frames["thumb"].Render(new(224, 224), "thumb").Data.AsSpan(6 * 224 * 224, 6 * 224 * 224), 224 * 224, 0), Is.EqualTo(6));
    }

    [Test]
    public void SplitIsByEpisodeSeededAndKeepsAValidationEpisode()
    {
        string[] names = [.. Enumerable.Range(0, 10).Select(i => $"ep{i}")];
        var a = DatasetBuilder.ValidationEpisodes(names, 0.2, 1);
        Assert.That(a, Has.Count.EqualTo(2));
        Assert.That(DatasetBuilder.ValidationEpisodes([.. names.Reverse()], 0.2, 1), Is.EquivalentTo(a), "the split does not depend on the order bags are found in");
        Assert.That(DatasetBuilder.ValidationEpisodes(["a", "b"], 0.01, 0), Has.Count.EqualTo(1));
        Assert.That(DatasetBuilder.ValidationEpisodes(["a"], 0.5, 0), Is.Empty);
        Assert.That(Enumerable.Range(0, 5).Select(seed => string.Join(",", DatasetBuilder.ValidationEpisodes(names, 0.2, seed).Order())).Distinct().Count(), Is.GreaterThan(1));

        var root = TestPaths.NewTempDirectory().FullName;
        string[] bags = [.. Enumerable.Range(0, 3).Select(i => NewBag(root, $"ep{i}", new SyntheticBag(Seconds: 1)))];
        var dataset = DatasetBuilder.Build(bags, SyntheticBag.Config(), Path.Combine(root, "out"), resume: false).Dataset;
        var train = dataset.Split(PolicyDataset.TrainSplit).Select(e => e.Name).ToList();
        var val = dataset.Split(PolicyDataset.ValidationSplit).Select(e => e.Name).ToList();
        Assert.That(val, Has.Count.EqualTo(1));
        Assert.That(train.Concat(val), Is.EquivalentTo(new[] { "ep0", "ep1", "ep2" }));
        Assert.That(Directory.Exists(Path.Combine(root, "out", PolicyDataset.ValidationSplit, val[0])), Is.True);
    }

    [Test]
    public void ResumeKeepsCompletedEpisodesAndRefusesAnotherConfig()
    {
        var root = TestPaths.NewTempDirectory().FullName;
        string[] bags = [.. Enumerable.Range(0, 2).Select(i => NewBag(root, $"ep{i}", new SyntheticBag(Seconds: 1)))];
        var output = Path.Combine(root, "out");
        var first = DatasetBuilder.Build(bags, SyntheticBag.Config(), output, resume: false);
        var episode = first.Dataset.Manifest.Episodes[0];
        var inputs = Path.Combine(first.Dataset.SensorDirectory(episode, "thumb"), RecordedFramesFile.FileName);
        var written = File.GetLastWriteTimeUtc(inputs);

        Assert.That(() => DatasetBuilder.Build(bags, SyntheticBag.Config(), output, resume: false), Throws.InstanceOf<IOException>().With.Message.Contains("already holds a dataset"));
        var second = DatasetBuilder.Build(bags, SyntheticBag.Config(), output, resume: true);
        Assert.That((second.Built, second.Resumed), Is.EqualTo((0, 2)));
        Assert.That(File.GetLastWriteTimeUtc(inputs), Is.EqualTo(written));
        Assert.That(second.Dataset.Statistics.State.Mean, Is.EqualTo(first.Dataset.Statistics.State.Mean));

        var other = DatasetBuildConfig.Parse(SyntheticBag.ConfigYaml().Replace("rate_hz: 10", "rate_hz: 5"), "other.yaml");
        Assert.That(() => DatasetBuilder.Build(bags, other, output, resume: true), Throws.InstanceOf<IOException>().With.Message.Contains("another build configuration"));
    }

    [TestCase("rate_hz: 10", "rate_hz: -2", "rate_hz is '-2'")]
    [TestCase("frame_stride: 5", "frame_stride: 0", "frame_stride is '0'")]
    [TestCase("rate_hz: 10", "rate_hz: 10\nmystery: 1", "line 2")]
    [TestCase("name: index", "name: thumb", "sensors is 'thumb', expected distinct sensor names")]
    [TestCase("max_gap_s: 0.2", "max_gap_s: 0.01", "max_gap_s is '0.01'")]
    public void BadConfigsNameTheFileAndField(string from, string to, string message)
    {
        Assert.That(() => DatasetBuildConfig.Parse(SyntheticBag.ConfigYaml().Replace(from, to), "bad.yaml"),
            Throws.TypeOf<InvalidDataException>().With.Message.StartsWith("bad.yaml: ").And.Message.Contains(message));
    }

    [Test]
    public void ASensorGivenBySerialTakesItsCalibrationsBackground()
    {
        var root = TestPaths.NewTempDirectory("calibrations").FullName;
        Directory.CreateDirectory(Path.Combine(root, "D20001"));
        File.Copy(TestPaths.DigitBackground, Path.Combine(root, "D20001", "background.png"));
        var yaml = SyntheticBag.ConfigYaml().Replace("background: background/digit_thumb.png", "serial: D20001")
            .Replace("rate_hz: 10", $"rate_hz: 10\ncalibration_root: {root}");
        var config = DatasetBuildConfig.Parse(yaml, "serial.yaml");
        Assert.That(config.Sensors[0].BackgroundOrDefault, Is.EqualTo(Path.Combine(root, "D20001", "background.png")));
        Assert.That(config.Sensors[1].BackgroundOrDefault, Is.EqualTo("background/digit_index.png"));

        Assert.That(() => DatasetBuildConfig.Parse(yaml.Replace("serial: D20001", "serial: D29999"), "serial.yaml"),
            Throws.TypeOf<InvalidDataException>().With.Message.StartsWith("serial.yaml: sensors[0].serial is 'D29999', expected a calibrated sensor: ")
                .And.Message.Contains("calibrate background --serial D29999"));
        Assert.That(() => DatasetBuildConfig.Parse(yaml.Replace("serial: D20001", "serial: D20001\n    background: first_frame"), "serial.yaml"),
            Throws.TypeOf<InvalidDataException>().With.Message.Contains("either serial or background, not both"));
    }

    [Test]
    public void BagsRecordedFarFromTheirSensorsCalibrationAreSkipped()
    {
        var root = TestPaths.NewTempDirectory().FullName;
        var calibrations = Path.Combine(root, "calibration");
        var calibrated = new DateTime(2026, 1, 10, 0, 0, 0, DateTimeKind.Utc);
        var black = new BackgroundImage(SensorProfile.Digit.Name, 240, 320, new byte[240 * 320 * 3]);
        BackgroundStore.Save(calibrations, "D20001", new CalibrationResult(black, 30, 0.5, 0), "test", calibrated);
        long Shift(DateTime recorded) => (recorded - DateTime.UnixEpoch).Ticks * 100 - SyntheticBag.Start;
        string[] bags =
        [
            NewBag(root, "near", new SyntheticBag(Seconds: 1, ReceiveShiftNs: Shift(calibrated.AddDays(-10)))),
            NewBag(root, "far", new SyntheticBag(Seconds: 1, ReceiveShiftNs: Shift(calibrated.AddDays(142)))),
            NewBag(root, "sim_clock", new SyntheticBag(Seconds: 1)),
        ];
        var yaml = SyntheticBag.ConfigYaml().Replace("background: background/digit_thumb.png", "serial: D20001")
            .Replace("rate_hz: 10", $"rate_hz: 10\ncalibration_root: {calibrations}");

        var dataset = DatasetBuilder.Build(bags, DatasetBuildConfig.Parse(yaml, "serial.yaml"), Path.Combine(root, "out"), resume: false).Dataset;
        Assert.That(dataset.Manifest.Episodes.Select(e => e.Name).Order(), Is.EqualTo(new[] { "near", "sim_clock" }));
        Assert.That(dataset.Manifest.Skipped.Single().Reason, Is.EqualTo(
            "recorded 2026-06-01, but sensor 'thumb' (serial D20001) was calibrated 2026-01-10, 142 days apart (calibration_max_age_days 30): " +
            "build from the calibration made when the bag was recorded (calibration_root), or raise calibration_max_age_days if the gel and lighting did not change"));

        var noCheck = DatasetBuildConfig.Parse(yaml + "\ncalibration_max_age_days: 0", "serial.yaml");
        Assert.That(DatasetBuilder.Build(bags, noCheck, Path.Combine(root, "out0"), resume: false).Dataset.Manifest.Episodes, Has.Count.EqualTo(3));
        Assert.That(() => DatasetBuildConfig.Parse(yaml + "\ncalibration_max_age_days: -1", "serial.yaml"),
            Throws.TypeOf<InvalidDataException>().With.Message.EqualTo(
                "serial.yaml: calibration_max_age_days is '-1', expected 0 (no check) or a positive number of days"));
    }

    [Test]
    public void TheExampleConfigLoads()
    {
        var config = DatasetBuildConfig.Load(Path.Combine(TestPaths.RepoRoot, "policies", "datasets", "bead_maze_sim.yaml"));
        Assert.That(config.Sensors.Select(s => s.Name), Is.EqualTo(new[] { "thumb", "index" }));
        Assert.That((config.RateHz, config.FrameStride, config.ImageHeight, config.ImageWidth), Is.EqualTo((5.0, 5, 224, 224)));
    }
}
