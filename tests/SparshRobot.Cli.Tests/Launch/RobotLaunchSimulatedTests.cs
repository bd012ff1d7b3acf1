using System.Text.RegularExpressions;
using SparshRobot.Cli.Commands;
using SparshRobot.Ros.Launch;
using SparshRobot.Testing;

namespace SparshRobot.Cli.Tests.Launch;

/// <summary>The robot launch file end to end with the simulator acting as the robot behind the same adapters.</summary>
[Category("dds")]
[Category("sim")]
[Category("slow")]
public partial class RobotLaunchSimulatedTests
{
    [Test]
    [CancelAfter(240_000)]
    public async Task TheSimulatedRobotIsDrivenThroughServoTheGripperActionAndTheSafetyLayerUntilItsEpisodeEnds(CancellationToken cancellation)
    {
        var text = await RunSimulatedLaunch(cancellation);
        Assert.That(text, Does.Contain("servo arm interface, forward gripper interface"));
        Assert.That(text, Does.Contain("safety: e-stop /safety/estop"));
        Assert.That(text, Does.Contain("/gripper/gripper_cmd: close goal accepted"), "the hand closed through the simulator's GripperCommand action");
        var commands = CommandsIn().Match(text);
        Assert.That(commands.Success, Is.True, "the simulator's summary line");
        Assert.That(int.Parse(commands.Groups[1].Value), Is.GreaterThan(10), "the controller commanded the simulated arm through Servo");
    }

    private static async Task<string> RunSimulatedLaunch(CancellationToken cancellation)
    {
        var description = LaunchParser.ParseFile(Path.Combine(TestPaths.RepoRoot, "launch", "bead_maze_robot.launch.xml"), new Dictionary<string, string>
        {
            ["simulate"] = "true",
            ["stack"] = "tactile-servo",
            ["time_limit"] = "2.0",
            // The episode starts with the simulator; at a quarter of real time the controller (loading its probes) is
            // up well before the 2 s episode ends, even on a loaded machine.
            ["real_time_factor"] = "0.25",
            ["models"] = Path.Combine(TestPaths.RepoRoot, "policies", "models"),
        });
        var output = new StringWriter();
        var log = TextWriter.Synchronized(output);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        var launch = new LaunchRunner(RunCommand.Nodes, LaunchMode.InProcess, log).RunAsync(description, stop.Token);
        string Text()
        {
            lock (log)
            {
                return output.ToString();
            }
        }
        try
        {
            while (!Text().Contains("rollout ended", StringComparison.Ordinal))
            {
                Assert.That(launch.IsCompleted, Is.False, () => $"the launch stopped early:\n{Text()}");
                await Task.Delay(100, cancellation);
            }
        }
        finally
        {
            stop.Cancel();
            await launch;
            TestContext.Out.WriteLine(Text());
        }
        return Text();
    }

    [GeneratedRegex(@"rollout ended after .*; (\d+) commands in")]
    private static partial Regex CommandsIn();
}
