using SparshRobot.Testing;

namespace SparshRobot.Cli.Tests.Sim;

public class SimCommandTests
{
    [Test]
    public void RunWritesThePngAndSucceedsOnABundledMaze()
    {
        var output = TestPaths.NewTempDirectory().FullName;
        var code = SparshCli.Build().Parse(["sim", "run", "--maze", "straight_line", "--out", output]).Invoke();
        Assert.That(code, Is.EqualTo(0));
        Assert.That(File.Exists(Path.Combine(output, "straight_line-teleop.png")), Is.True);
    }

    [TestCase("--maze", "no_such_maze")]
    [TestCase("--fault", "gremlins:1")]
    [TestCase("--controller", "policy")]
    public void BadArgumentsFailWithoutWritingAnything(string option, string value)
    {
        var output = TestPaths.NewTempDirectory().FullName;
        string[] args = option == "--maze"
            ? ["sim", "run", option, value, "--out", output]
            : ["sim", "run", "--maze", "straight_line", option, value, "--out", output];
        var code = SparshCli.Build().Parse(args).Invoke();
        Assert.That(code, Is.EqualTo(1));
        Assert.That(Directory.GetFiles(output), Is.Empty);
    }
}
