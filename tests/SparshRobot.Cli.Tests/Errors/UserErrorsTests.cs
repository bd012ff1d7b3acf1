using System.Reflection;
using SparshRobot.Cli.Errors;
using SparshRobot.Core.IO;
using SparshRobot.Encoder.Checkpoints;
using SparshRobot.Testing;
using YamlDotNet.Core;

namespace SparshRobot.Cli.Tests.Errors;

public class UserErrorsTests
{
    private static readonly object?[][] Decorated =
    [
        [new ArgumentException("maze 'x' is not bundled", "spec"), "maze 'x' is not bundled"],
        [new ArgumentOutOfRangeException("frameCount", 0, "need at least one frame"), "need at least one frame"],
        [new ArgumentOutOfRangeException("size"), "size: out of range"],
        [new ArgumentOutOfRangeException("size", 7, null), "size: 7 is out of range"],
        [new ArgumentNullException("maze"), "maze: missing"],
        [new ArgumentNullException("maze", "Value cannot be null. give --maze"), "give --maze"],
        [new ArgumentException(null, "mode"), "mode: invalid value"],
        [new InvalidDataException("x.bin: cannot read: System.IO.EndOfStreamException: Unable to read beyond the end of the stream."),
            "x.bin: cannot read: Unable to read beyond the end of the stream."],
        [new IOException("FileNotFoundException: a.yaml: no such policy configuration"), "a.yaml: no such policy configuration"],
    ];

    [TestCaseSource(nameof(Decorated))]
    public void DotNetDecorationsAreStripped(Exception e, string expected) =>
        Assert.That(UserErrors.Describe(e), Is.EqualTo(new[] { expected }));

    [Test]
    public void WrappersAreUnwrappedToTheCause()
    {
        var cause = new InvalidDataException("c.yaml: line 2: `x`: unknown key");
        var wrapped = new TargetInvocationException(new TypeInitializationException("SparshRobot.Settings", cause));
        Assert.That(UserErrors.Describe(wrapped), Is.EqualTo(new[] { cause.Message }));
        Assert.That(UserErrors.IsUserError(wrapped), Is.True);
    }

    [Test]
    public void AnAggregateGivesOneLinePerDistinctCause()
    {
        var e = new AggregateException(
            new IOException("episode_0001: bag is empty"),
            new AggregateException(new IOException("episode_0001: bag is empty")),
            new FormatException("episode_0002: no pose topic"));
        Assert.That(UserErrors.Describe(e), Is.EqualTo(new[] { "episode_0001: bag is empty", "episode_0002: no pose topic" }));
    }

    [Test]
    public void ACheckpointGivesOneLinePerProblemEachNamingTheFile()
    {
        var e = new CheckpointException("m.safetensors", ["a.weight: missing", "b.bias: shape (3) expected (4)", "a.weight: missing"]);
        Assert.That(UserErrors.Describe(e), Is.EqualTo(new[] { "m.safetensors: a.weight: missing", "m.safetensors: b.bias: shape (3) expected (4)" }));
    }

    [Test]
    public void ATruncatedSafetensorsFileIsOneLineSayingSoAndWhere()
    {
        var path = Truncated();
        var e = Assert.Throws<CheckpointException>(() => SafetensorsFile.Open(path).Dispose())!;
        var lines = UserErrors.Describe(e);
        Assert.That(lines, Has.Count.EqualTo(1));
        Assert.That(lines[0], Does.StartWith($"{path}: file truncated: its header places tensors up to byte ")
            .And.Contain($"the file holds {DataBytes(path)} data bytes"));
    }

    [Test]
    public void AConfigurationErrorPointsAtFileLineAndColumn()
    {
        const string yaml = "training:\n  epochs: ten\n";
        var e = Assert.Throws<InvalidDataException>(() => YamlConfig.Parse<Settings>(yaml, "c.yaml"))!;
        var column = yaml.Split('\n')[1].IndexOf("ten", StringComparison.Ordinal) + 1;
        Assert.That(UserErrors.Describe(e), Is.EqualTo(new[] { $"c.yaml:2:{column}: `training.epochs`: 'ten' is not an integer" }));
    }

    [Test]
    public void BrokenYamlSyntaxPointsAtFileLineAndColumnToo()
    {
        var e = Assert.Throws<InvalidDataException>(() => YamlConfig.Parse<Settings>("training:\n  epochs: [1,\n", "c.yaml"))!;
        var yaml = (YamlException)e.InnerException!;
        var lines = UserErrors.Describe(e);
        Assert.That(lines, Has.Count.EqualTo(1));
        Assert.That(lines[0], Does.StartWith($"c.yaml:{yaml.Start.Line}:{yaml.Start.Column}: ").And.Not.Contain("line").And.Not.Contain("(Line:"));
    }

    [Test]
    public void ABareYamlExceptionKeepsLineAndColumnWithoutItsMarks()
    {
        var e = new YamlException(new Mark(20, 2, 3), new Mark(25, 2, 8), "did not find expected key");
        Assert.That(UserErrors.Describe(e), Is.EqualTo(new[] { "2:3: did not find expected key" }));
    }

    [Test]
    public void BugsAreNotUserErrorsAndKeepTheirStackTrace()
    {
        Assert.That(UserErrors.IsUserError(new NullReferenceException()), Is.False);
        Assert.That(UserErrors.IsUserError(new InvalidCastException()), Is.False);
        Assert.That(UserErrors.IsUserError(new IndexOutOfRangeException()), Is.False);
        Assert.That(UserErrors.IsUserError(new ObjectDisposedException("capture")), Is.False);
        Assert.That(UserErrors.IsUserError(new KeyNotFoundException()), Is.False);
        Assert.That(UserErrors.IsUserError(new AggregateException(new IOException("a"), new NullReferenceException())), Is.False, "one bug among the causes is a bug");
        var reported = new List<string>();
        Assert.Throws<NullReferenceException>(() => UserErrors.Run(() => throw new NullReferenceException(), reported.Add, exitCode: 1));
        Assert.That(reported, Is.Empty);
    }

    [Test]
    public void RunReportsEachLineAndReturnsTheExitCode()
    {
        var reported = new List<string>();
        var code = UserErrors.Run(() => throw new AggregateException(new IOException("a"), new FormatException("b (Parameter 'x')")), reported.Add, exitCode: 2);
        Assert.That(code, Is.EqualTo(2));
        Assert.That(reported, Is.EqualTo(new[] { "a", "b" }));
        Assert.That(UserErrors.Run(() => 7, reported.Add, exitCode: 2), Is.EqualTo(7));
    }

    /// <summary>A copy of the test ViT checkpoint cut to about half its bytes.</summary>
    internal static string Truncated()
    {
        var source = TestPaths.Fixture("SparshRobot.Encoder.Tests", "vit_tiny.safetensors");
        var path = Path.Combine(TestPaths.NewTempDirectory().FullName, "cut.safetensors");
        var bytes = File.ReadAllBytes(source);
        File.WriteAllBytes(path, bytes[..(bytes.Length / 2)]);
        return path;
    }

    /// <summary>The bytes after the header: the file's length less the 8-byte length prefix and the header it gives.</summary>
    internal static long DataBytes(string path)
    {
        var bytes = File.ReadAllBytes(path);
        return bytes.LongLength - 8 - BitConverter.ToInt64(bytes, 0);
    }

    public sealed class Settings
    {
        public TrainingSettings Training { get; set; } = new();
    }

    public sealed class TrainingSettings
    {
        public int Epochs { get; set; }
    }
}
