using System.Globalization;
using SparshRobot.Cli;
using SparshRobot.Cli.Tests.Sim;
using SparshRobot.Sim.Faults;
using SparshRobot.Testing;

namespace SparshRobot.Cli.Tests.Maze;

[Category("torch")]
[Category("sim")]
[Category("slow")]
public class MazeCommandTests
{
    [Test]
    public void EvalRunsAStackWithoutAPolicyAndWritesItsOutputs()
    {
        var output = TestPaths.NewTempDirectory("maze-eval").FullName;
        var (code, text) = SimCommandTests.Invoke("maze", "eval", "--stack", "tactile-servo", "--mazes", "hard:3", "--faults", "none",
            "--time-limit", "2", "--plots", "1", "--finger-compliance", "0.6", "--probe-slip-bias", "1.5", "--out", output);
        Assert.That(code, Is.EqualTo(0), text);
        Assert.That(text, Does.Contain("tactile-servo").And.Contain("Wilson"));
        var episode = File.ReadAllLines(Path.Combine(output, "episodes.csv"));
        Assert.That(episode, Has.Length.EqualTo(2));
        var transitions = int.Parse(episode[1].Split(',')[Array.IndexOf(episode[0].Split(','), "transitions")], CultureInfo.InvariantCulture);
        var events = File.ReadAllLines(Path.Combine(output, "events.csv"));
        Assert.That(events[0], Is.EqualTo("maze,faults,stack,seed,time,source,from,to,code,reason,x,y,z,progress"));
        Assert.That(events.Skip(1).Count(l => l.Contains(",supervisor,", StringComparison.Ordinal)), Is.EqualTo(transitions), "one row per transition the episode counts");
        Assert.That(File.ReadAllText(Path.Combine(output, "summary.json")), Does.Contain("\"finger_compliance\": 0.6").And.Contain("\"probe_slip_bias\": 1.5"),
            "the run records the hand and the slip reading it ran");
        Assert.That(File.Exists(Path.Combine(output, "summary.png")), Is.True);
        Assert.That(Directory.GetFiles(output, "*tactile-servo*.png"), Has.Length.EqualTo(1));
    }

    /// <summary>
    /// Through every twist interface, the controller node drives the simulator node to the very episode the in-process
    /// stack gives: lock-step replays exactly and each adapter carries the command without loss. The pose and joint
    /// position interfaces come within the hand's tracking lag of it, and the joint ones replay the Cartesian pose one.
    /// </summary>
    [Test]
    [CancelAfter(300_000)]
    public void EvalThroughEachRobotAdapterMatchesTheInProcessRun()
    {
        string[] Run(params string[] adapter)
        {
            var output = TestPaths.NewTempDirectory("maze-eval-adapter").FullName;
            var (code, text) = SimCommandTests.Invoke(["maze", "eval", "--stack", "tactile-servo", "--mazes", "hard:3", "--faults", "none", "--time-limit", "1.5", "--out", output, .. adapter]);
            Assert.That(code, Is.EqualTo(0), text);
            var lines = File.ReadAllLines(Path.Combine(output, "episodes.csv"));
            // Everything but the timings: the wall clock, and the policy's step time, which stays in the policy node.
            var header = lines[0].Split(',');
            string[] timings = ["inference_ms", "wall_seconds"];
            var keep = Enumerable.Range(0, header.Length).Where(i => !timings.Contains(header[i])).ToArray();
            Assert.That(keep, Has.Length.EqualTo(header.Length - timings.Length));
            return [.. lines.Select(l => string.Join(',', keep.Select(i => l.Split(',')[i])))];
        }
        var inProcess = Run();
        // A joint velocity controller too: the arm's Jacobian maps the IK's joint velocities back onto the very twist.
        foreach (var adapter in new[] { "topics", "servo", "forward_velocity", "forward_joint_velocity" })
        {
            Assert.That(Run("--robot-adapter", adapter), Is.EqualTo(inProcess), adapter);
        }
        // The pose-target interfaces lag a twist by the hand's tracking (about a tenth of the progress here). The joint
        // position ones send the joints of the very pose forward_position sends, so they replay its episode exactly.
        var pose = Run("--robot-adapter", "forward_position");
        var completion = Array.IndexOf(inProcess[0].Split(','), "completion");
        Assert.That(double.Parse(pose[1].Split(',')[completion], CultureInfo.InvariantCulture),
            Is.EqualTo(double.Parse(inProcess[1].Split(',')[completion], CultureInfo.InvariantCulture)).Within(0.02));
        foreach (var adapter in new[] { "forward_joint_position", "joint_trajectory" })
        {
            Assert.That(Run("--robot-adapter", adapter), Is.EqualTo(pose), adapter);
        }
    }

    [Test]
    public void AnUnknownRobotAdapterListsTheValidOnes()
    {
        var errors = SparshCli.Build().Parse(["maze", "eval", "--stack", "tactile-servo", "--robot-adapter", "moveit"]).Errors;
        Assert.That(errors.Select(e => e.Message), Has.One.Contains("moveit").And.Contains("servo").And.Contains("forward_velocity").And.Contains("forward_position").And.Contains("topics"));
    }

    [TestCase("standard")]
    [TestCase("stress")]
    public void AShippedSuiteDrawsTheSameFaultsInEveryProcess(string name)
    {
        // Another process (its own hash salt, its own runtime state) must meet the faults this one samples.
        var output = TestPaths.NewTempDirectory("maze-eval").FullName;
        var (code, stdout, stderr) = CliProcess.Run(TimeSpan.FromMinutes(2), "maze", "eval", "--stack", "teleop", "--mazes", "hard:3", "--mazes", "hard:4",
            "--faults", name, "--episodes", "2", "--seed", "40", "--time-limit", "0.2", "--out", output);
        Assert.That(code, Is.EqualTo(0), stdout + stderr);
        var suite = FaultSuite.Load(Path.Combine(TestPaths.RepoRoot, "src", "SparshRobot.Sim", "Faults", $"{name}_suite.yaml"));
        Assert.That(suite.Name, Is.EqualTo(name));
        var rows = File.ReadAllLines(Path.Combine(output, "episodes.csv")).Skip(1).Select(l => l.Split(',')).ToList();
        Assert.That(rows, Has.Count.EqualTo(4));
        var events = File.ReadAllLines(Path.Combine(output, "events.csv")).Skip(1).Select(l => l.Split(',')).ToList();
        foreach (var row in rows)
        {
            var seed = int.Parse(row[6], System.Globalization.CultureInfo.InvariantCulture);
            var plan = suite.Sample(seed).Faults;
            Assert.That(row[4], Is.EqualTo(string.Join('+', plan.Select(f => FaultSpec.KindName(f.Kind)))), $"seed {seed}");
            // The episode's timeline holds its plan's faults at their starts, in time order.
            var timeline = events.Where(e => e[0] == row[0] && e[3] == row[6]).ToList();
            Assert.That(timeline.Select(e => (e[5], e[8])), Is.EquivalentTo(plan.Select(f => ("fault", FaultSpec.KindName(f.Kind)))), $"seed {seed}");
            var times = timeline.Select(e => double.Parse(e[4], CultureInfo.InvariantCulture)).ToList();
            Assert.That(times, Is.Ordered);
            Assert.That(times, Is.EqualTo(plan.Select(f => f.Start).Order()).Within(1e-4), "fault starts, to the 6 digits written");
        }
    }

    [TestCase("--finger-compliance", "0", "--finger-compliance must be a share in (0, 1], got 0")]
    [TestCase("--finger-compliance", "1.5", "--finger-compliance must be a share in (0, 1], got 1.5")]
    [TestCase("--finger-compliance", "nan", "--finger-compliance must be a share in (0, 1], got NaN")]
    [TestCase("--probe-slip-bias", "21", "--probe-slip-bias must be within [-20, 20], got 21")]
    [TestCase("--probe-slip-bias", "nan", "--probe-slip-bias must be within [-20, 20], got NaN")]
    public void AnOptionOutsideItsRangeIsAParseError(string option, string value, string expected)
    {
        var errors = SparshCli.Build().Parse(["maze", "eval", option, value]).Errors.Select(e => e.Message).ToList();
        Assert.That(errors, Is.EqualTo(new[] { expected }));
    }

    [TestCase(new[] { "--stack", "warp-drive" }, "--stack 'warp-drive' is not known; known: teleop, bc")]
    [TestCase(new[] { "--stack", "bc" }, "stack bc follows the BC policy: give --checkpoint")]
    [TestCase(new[] { "--stack", "teleop", "--mazes", "heldout:easy:0" }, "count a positive integer")]
    [TestCase(new[] { "--stack", "teleop", "--faults", "/nonexistent/suite.yaml" }, "'/nonexistent/suite.yaml' does not exist")]
    [TestCase(new[] { "--stack", "teleop", "--probes", "/nonexistent/probes", "--probe-encoder", "/nonexistent/encoder.safetensors" }, "/nonexistent/encoder.safetensors: encoder checkpoint not found")]
    [TestCase(new[] { "--stack", "teleop", "--probes", "/nonexistent/probes" }, "--probes needs the encoder they were trained on")]
    [TestCase(new[] { "--stack", "tactile-servo", "--finger-compliance", "0.5", "--robot-adapter", "topics" }, "--finger-compliance applies only in-process")]
    public void EvalRefusesBadOptionsBeforeRunningAnything(string[] options, string expected)
    {
        var output = Path.Combine(TestPaths.NewTempDirectory("maze-eval").FullName, "out");
        var (code, text) = SimCommandTests.Invoke(["maze", "eval", .. options, "--out", output]);
        Assert.That(code, Is.EqualTo(1), text);
        Assert.That(text.ReplaceLineEndings(" "), Does.Contain(expected));
        Assert.That(Directory.Exists(output), Is.False, "nothing written");
    }

    [Test]
    public void ReportJoinsSplitRunsAndRefusesOverlaps()
    {
        var root = TestPaths.NewTempDirectory("maze-report").FullName;
        string Run(string name, string stack)
        {
            var dir = Path.Combine(root, name);
            var (code, text) = SimCommandTests.Invoke("maze", "eval", "--stack", stack, "--mazes", "hard:3", "--faults", "none", "--time-limit", "0.3", "--out", dir);
            Assert.That(code, Is.EqualTo(0), text);
            return dir;
        }
        var a = Run("a", "tactile-servo");
        var b = Run("b", "teleop");
        var joined = Path.Combine(root, "joined");
        var (ok, report) = SimCommandTests.Invoke("maze", "report", a, Path.Combine(b, "episodes.csv"), "--out", joined);
        Assert.That(ok, Is.EqualTo(0), report);
        Assert.That(report, Does.Contain("joined 2 episodes from 2 run(s)").And.Contain("real time"));
        var stacks = File.ReadAllLines(Path.Combine(joined, "episodes.csv")).Skip(1).Select(l => l.Split(',')[5]);
        Assert.That(stacks, Is.EqualTo(new[] { "teleop", "tactile-servo" }), "the stacks' own order, not the folders'");
        Assert.That(File.Exists(Path.Combine(joined, "summary.png")) && File.Exists(Path.Combine(joined, "summary.json")), Is.True);

        var (twice, error) = SimCommandTests.Invoke("maze", "report", a, a, "--out", Path.Combine(root, "twice"));
        Assert.That(twice, Is.EqualTo(1));
        Assert.That(error.ReplaceLineEndings(" "), Does.Match("/ tactile-servo / seed [0-9]+ is in both"));
        var (missing, text) = SimCommandTests.Invoke("maze", "report", Path.Combine(root, "nowhere"), "--out", Path.Combine(root, "none"));
        Assert.That(missing, Is.EqualTo(1));
        Assert.That(text.ReplaceLineEndings(" "), Does.Contain("nowhere: not found; give maze eval output folders"));
    }
}
