using SparshRobot.Core.IO;

namespace SparshRobot.Core.Tests.IO;

public class YamlConfigTests
{
    public enum Mode
    {
        Fast,
        CarefulMode,
    }

    public sealed class Settings
    {
        public string Name { get; set; } = "";

        public Training Training { get; set; } = new();

        public List<Item> Items { get; set; } = [];
    }

    public sealed class Training
    {
        public int Epochs { get; set; }

        public double LearningRate { get; set; }

        public bool Resume { get; set; }

        public Mode Mode { get; set; }
    }

    public sealed class Item
    {
        public string Topic { get; set; } = "";

        public int Size { get; set; }

        public DateTime When { get; set; }
    }

    [Test]
    public void AWellFormedFileReadsIntoItsSettings()
    {
        var s = YamlConfig.Parse<Settings>("name: run\ntraining:\n  epochs: 3\n  learning_rate: 1.0e-3\n  mode: carefulmode\nitems:\n  - topic: /a\n    size: 2\n", "ok.yaml")!;
        Assert.That((s.Name, s.Training.Epochs, s.Training.LearningRate, s.Training.Mode, s.Items.Single().Size), Is.EqualTo(("run", 3, 1e-3, Mode.CarefulMode, 2)));
        Assert.That(YamlConfig.Parse<Settings>("", "empty.yaml"), Is.Null);
    }

    [TestCase("name: run\ntraining:\n  epoch: 3\n", "c.yaml: line 3: `training.epoch`: unknown key; did you mean `epochs`?")]
    [TestCase("nam: run\n", "c.yaml: line 1: `nam`: unknown key; did you mean `name`?")]
    [TestCase("training:\n  warmup: 3\n", "c.yaml: line 2: `training.warmup`: unknown key; expected one of epochs, learning_rate, resume, mode")]
    [TestCase("items:\n  - topic: /a\n    sise: 2\n", "c.yaml: line 3: `items.sise`: unknown key; did you mean `size`?")]
    [TestCase("training:\n  epochs: ten # the whole run\n", "c.yaml: line 2: `training.epochs`: 'ten' is not an integer")]
    [TestCase("training:\n  learning_rate: fast\n", "c.yaml: line 2: `training.learning_rate`: 'fast' is not a number")]
    [TestCase("training:\n  resume: maybe\n", "c.yaml: line 2: `training.resume`: 'maybe' is not true or false")]
    [TestCase("training:\n  mode: slow\n", "c.yaml: line 2: `training.mode`: 'slow' is not one of fast, carefulmode")]
    [TestCase("items:\n  - topic: /a\n    size: big\n", "c.yaml: line 3: `items.size`: 'big' is not an integer")]
    [TestCase("items:\n  - topic: /a\n    when: yesterday\n", "c.yaml: line 3: `items.when`: 'yesterday' is not a date and time (ISO 8601, e.g. 2026-12-05T17:00:00Z)")]
    public void ErrorsSayWhichKeyAndWhatItTakesInTheFilesWords(string yaml, string expected)
    {
        var e = Assert.Throws<InvalidDataException>(() => YamlConfig.Parse<Settings>(yaml, "c.yaml"));
        Assert.That(e!.Message, Is.EqualTo(expected));
        Assert.That(e.Message, Does.Not.Contain("SparshRobot").And.Not.Contain("(Parameter"), "no C# names");
    }

    [Test]
    public void BrokenYamlNamesTheLineAndColumn()
    {
        var e = Assert.Throws<InvalidDataException>(() => YamlConfig.Parse<Settings>("name: 'unclosed\ntraining:\n  epochs: 3\n", "c.yaml"));
        Assert.That(e!.Message, Does.StartWith("c.yaml: line ").And.Contain("column"));
    }

    [Test]
    public void OverridesSetKeysAndMakeMissingSections()
    {
        const string yaml = "name: run  # the run's name\nitems:\n  - topic: /a\n";
        var text = YamlConfig.Override<Settings>(yaml, ["training.epochs=7", "name=other", "items=[{topic: /b, size: 3}]"]);
        var s = YamlConfig.Parse<Settings>(text, "effective")!;
        Assert.That((s.Name, s.Training.Epochs, s.Items.Single().Topic, s.Items.Single().Size), Is.EqualTo(("other", 7, "/b", 3)));
        Assert.That(YamlConfig.Override<Settings>(yaml, []), Is.SameAs(yaml), "no override, the file as written");
    }

    [TestCase("training.epoch=3", "--set `training.epoch`: unknown key; did you mean `epochs`?")]
    [TestCase("traning.epochs=3", "--set `traning`: unknown key; did you mean `training`?")]
    [TestCase("name.first=a", "--set `name` holds text, not keys; set it whole")]
    [TestCase("training.epochs", "--set training.epochs: expected section.key=value")]
    [TestCase("training.epochs=ten", "--set `training.epochs`: 'ten' is not an integer")]
    [TestCase("training.mode=slow", "--set `training.mode`: 'slow' is not one of fast, carefulmode")]
    public void ABadOverrideIsRefusedByItsKey(string assignment, string expected) =>
        Assert.That(() => YamlConfig.Override<Settings>("name: run\n", [assignment]), Throws.TypeOf<InvalidDataException>().With.Message.EqualTo(expected));

    [Test]
    public void AFileWithOverridesIsFaultedByItsOwnLines()
    {
        var dir = SparshRobot.Testing.TestPaths.NewTempDirectory("yaml-effective");
        try
        {
            var path = Path.Combine(dir.FullName, "run.yaml");
            File.WriteAllText(path, "# a comment the rewrite drops\nname: run\ntraining:\n  epochs: ten\n");
            var e = Assert.Throws<InvalidDataException>(() => YamlConfig.Effective<Settings>(path, ["items=[]", "training.resume=true"], "test configuration"));
            Assert.That(e!.Message, Is.EqualTo($"{path}: line 4: `training.epochs`: 'ten' is not an integer"));
            Assert.That(() => YamlConfig.Effective<Settings>(Path.Combine(dir.FullName, "none.yaml"), [], "test configuration"),
                Throws.TypeOf<FileNotFoundException>().With.Message.EqualTo($"{Path.Combine(dir.FullName, "none.yaml")}: no such test configuration"));
            var (settings, text, folder, source) = YamlConfig.LoadRun<Settings>(null, ["training.epochs=2"], "test configuration");
            Assert.That((settings.Training.Epochs, settings.Name, folder, source), Is.EqualTo((2, "", Directory.GetCurrentDirectory(), "the command line")));
            Assert.That(text, Is.EqualTo("training:\n  epochs: 2\n"));
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Test]
    public void DifferencesNameEachChangedSettingAndIgnoreCommentsAndLayout()
    {
        const string before = "name: run\ntraining:\n  epochs: 3\n  learning_rate: 0.1\n";
        const string after = "# renamed\nname:   run\ntraining: {epochs: 5, resume: true, learning_rate: 0.1}\n";
        Assert.That(YamlConfig.Differences(before, after), Is.EqualTo(new[] { "training.epochs: 3 -> 5", "training.resume: (not set) -> true" }));
        Assert.That(YamlConfig.Differences(before, before + "# a comment\n"), Is.Empty);
    }
}
