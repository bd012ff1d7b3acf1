using SparshRobot.Testing;
using static SparshRobot.Cli.Tests.Sim.SimCommandTests;

namespace SparshRobot.Cli.Tests.Errors;

/// <summary>Errors as the user meets them: the whole command line run, the console read back.</summary>
[Category("sim")]
public class CliErrorTests
{
    private DirectoryInfo _dir = null!;

    [SetUp]
    public void SetUp() => _dir = TestPaths.NewTempDirectory();

    [TearDown]
    public void TearDown() => _dir.Delete(recursive: true);

    [Test]
    public void ATruncatedCheckpointIsOneLine()
    {
        var path = UserErrorsTests.Truncated();
        var (code, text) = Invoke("encoder", "info", path);
        Assert.That(code, Is.EqualTo(1), text);
        Assert.That(Lines(text), Has.Count.EqualTo(1), text);
        Assert.That(Lines(text)[0], Does.StartWith($"error: {path}: file truncated: ").And.Contain($"the file holds {UserErrorsTests.DataBytes(path)} data bytes"));
    }

    [Test]
    public void ABadValueInAConfigurationNamesFileLineAndColumn()
    {
        var config = Path.Combine(_dir.FullName, "mae.yaml");
        File.WriteAllText(config, "training:\n  steps: many\n");
        var (code, text) = Invoke("encoder", "pretrain", "--config", config);
        Assert.That(code, Is.EqualTo(1), text);
        Assert.That(Lines(text), Is.EqualTo(new[] { $"error: {config}:2:10: `training.steps`: 'many' is not an integer" }));
    }

    [Test]
    public void AMissingFileIsNamed()
    {
        var missing = Path.Combine(_dir.FullName, "nope.safetensors");
        var (code, text) = Invoke("encoder", "info", missing);
        Assert.That(code, Is.EqualTo(1), text);
        Assert.That(Lines(text), Is.EqualTo(new[] { $"error: {missing}: file not found" }));
    }

    [Test]
    public void AnOutOfRangeOptionValueHasNoDotNetText()
    {
        var (code, text) = Invoke("sim", "run", "--maze", "easy:-1", "--out", _dir.FullName);
        Assert.That(code, Is.EqualTo(1), text);
        Assert.That(Lines(text), Is.EqualTo(new[] { "error: maze 'easy:-1': after 'easy:' expected a non-negative integer seed" }));
    }

    private static List<string> Lines(string text) => [.. text.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)];
}
