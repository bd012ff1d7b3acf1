using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using SparshRobot.Cli.Tests.Services;
using SparshRobot.Ros.Actions;
using SparshRobot.Ros.Messages.ActionMsgs;
using SparshRobot.Ros.Messages.ControlMsgs;
using SparshRobot.Ros.Node;
using SparshRobot.Ros.Tests.Services;
using SparshRobot.Testing;

namespace SparshRobot.Cli.Tests.Action;

using GripperHandle = ServerGoalHandle<GripperCommandGoal, GripperCommandFeedback>;
using GripperOutcome = ActionOutcome<GripperCommandResult>;

/// <summary>
/// The action verbs against a real <see cref="ActionServer{TGoal, TResult, TFeedback}"/> serving
/// control_msgs/action/GripperCommand on a fresh localhost DDS domain: it rejects a negative max_effort, aborts a
/// position beyond 1, runs "forever" (until canceled) for position 0.9, and for 0.95 after holding its acceptance until
/// the test releases it, and otherwise moves in three reported steps.
/// </summary>
[FixtureLifeCycle(LifeCycle.InstancePerTestCase)]
[Parallelizable(ParallelScope.All)]
[Category("dds")]
[Category("slow")]
public sealed partial class ActionCommandTests : IDisposable
{
    private const string Action = "/hand/gripper_cmd";
    private const string Type = "control_msgs/action/GripperCommand";
    private const double RunsUntilCanceled = 0.9;
    private const double AcceptedWhenReleased = 0.95;

    private readonly DdsDomain _domain = new();
    private readonly RosContext _context;
    private readonly SpunNode _server;
    private readonly List<(GripperCommand Command, sbyte Status)> _goals = [];
    private readonly ManualResetEventSlim _releaseAcceptance = new();

    public ActionCommandTests()
    {
        _context = new RosContext(_domain.OpenTransport());
        _server = new SpunNode(_context, "gripper", "/hand");
        _server.Node.CreateActionServer<GripperCommandGoal, GripperCommandResult, GripperCommandFeedback>("gripper_cmd", Execute,
            acceptGoal: (_, goal) => goal.Command.Position != AcceptedWhenReleased || _releaseAcceptance.Wait(TimeSpan.FromSeconds(30))
                ? goal.Command.MaxEffort >= 0
                : throw new TimeoutException("the test never released the goal's acceptance"));
    }

    private async Task<GripperOutcome> Execute(GripperHandle goal)
    {
        var command = goal.Goal.Command;
        GripperOutcome outcome;
        if (command.Position > 1)
        {
            outcome = GripperOutcome.Aborted(new GripperCommandResult(0, 0, true, false));
        }
        else if (command.Position is RunsUntilCanceled or AcceptedWhenReleased)
        {
            try
            {
                await Task.Delay(Timeout.Infinite, goal.CancellationToken);
            }
            catch (OperationCanceledException)
            {
            }
            outcome = GripperOutcome.Canceled(new GripperCommandResult(0.25, 1.5, false, false));
        }
        else
        {
            for (var step = 1; step <= 3; step++)
            {
                goal.PublishFeedback(new GripperCommandFeedback(command.Position * step / 3, step, false, step == 3));
                await Task.Delay(50);
            }
            outcome = GripperOutcome.Succeeded(new GripperCommandResult(command.Position, 3, false, true));
        }
        lock (_goals)
        {
            _goals.Add((command, outcome.Status));
        }
        return outcome;
    }

    [Test]
    public void ListAndInfoFindTheServerAndClientsByNode()
    {
        using var watcher = new RosNode(_context, "watcher", "/tools");
        using var client = watcher.CreateActionClient<GripperCommandGoal, GripperCommandResult, GripperCommandFeedback>(Action);

        var (code, output, error) = _domain.Cli("action", "list");
        Assert.That((code, ServiceCommandTests.Lines(output)), Is.EqualTo((0, new[] { Action })), error);

        (code, output, error) = _domain.Cli("action", "list", "-t");
        Assert.That((code, ServiceCommandTests.Lines(output)), Is.EqualTo((0, new[] { $"{Action} [{Type}]" })), error);

        (code, output, error) = _domain.Cli("action", "info", Action, "-t");
        Assert.That(code, Is.Zero, error);
        Assert.That(output, Is.EqualTo($"Action: {Action}\nAction clients: 1\n    /tools/watcher [{Type}]\nAction servers: 1\n    /hand/gripper [{Type}]\n"));

        (code, output, error) = _domain.Cli("action", "info", Action);
        Assert.That(code, Is.Zero, error);
        Assert.That(output, Is.EqualTo($"Action: {Action}\nAction clients: 1\n    /tools/watcher\nAction servers: 1\n    /hand/gripper\n"));
    }

    [Test]
    public void InfoOnAnActionNobodyServesSaysSo()
    {
        var (code, _, error) = _domain.Cli("action", "info", "/nobody", "--wait", "0.3");

        Assert.That(code, Is.EqualTo(2));
        Assert.That(error, Does.Contain("no server or client of action '/nobody' was discovered"));
    }

    [Test]
    public void SendGoalPrintsFeedbackResultAndStatus()
    {
        var (code, output, error) = _domain.Cli("action", "send_goal", Action, Type, "{command: {position: 0.6, max_effort: 2}}", "--feedback");

        Assert.That(code, Is.Zero, error);
        Assert.That(output, Does.StartWith(
            "Waiting for an action server to become available...\nSending goal:\n     command:\n  position: 0.6\n  max_effort: 2.0\n\nGoal accepted with ID: "));
        var id = GoalId().Match(output);
        Assert.That(id.Success, Is.True, output);
        var feedback = Regex.Matches(output, @"Feedback:\n    position: (\S+)\neffort: (\S+)\nstalled: false\nreached_goal: (\w+)\n\n")
            .Select(m => (double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture), m.Groups[2].Value, m.Groups[3].Value)).ToList();
        Assert.That(feedback.Select(f => (f.Item2, f.Item3)), Is.EqualTo(new[] { ("1.0", "false"), ("2.0", "false"), ("3.0", "true") }), output);
        Assert.That(feedback.Select(f => f.Item1), Is.EqualTo(new[] { 0.2, 0.4, 0.6 }).Within(1e-12));
        Assert.That(output, Does.EndWith("Result:\n    position: 0.6\neffort: 3.0\nstalled: false\nreached_goal: true\n\nGoal finished with status: SUCCEEDED\n"));
        Assert.That(Goals(), Is.EqualTo(new[] { (new GripperCommand(0.6, 2), GoalStatus.StatusSucceeded) }), "the server ran the goal once, as given");
    }

    [Test]
    public void WithoutFeedbackOnlyTheResultIsPrinted()
    {
        var (code, output, error) = _domain.Cli("action", "send_goal", Action, Type, "{command: {position: 0.3}}");

        Assert.That(code, Is.Zero, error);
        Assert.That(output, Does.Not.Contain("Feedback:"));
        Assert.That(output, Does.Contain("max_effort: 0.0\n"), "missing fields take their defaults");
        Assert.That(output, Does.EndWith("Goal finished with status: SUCCEEDED\n"));
    }

    [Test]
    public void ARejectedGoalExitsNonZero()
    {
        var (code, output, error) = _domain.Cli("action", "send_goal", Action, Type, "{command: {position: 0.5, max_effort: -1}}");

        Assert.That(code, Is.EqualTo(1), error);
        Assert.That(output, Does.EndWith("Goal was rejected.\n"));
        Assert.That(Goals(), Is.Empty);
    }

    [Test]
    public void AnAbortedGoalExitsNonZero()
    {
        var (code, output, error) = _domain.Cli("action", "send_goal", Action, Type, "{command: {position: 2, max_effort: 1}}");

        Assert.That(code, Is.EqualTo(1), error);
        Assert.That(output, Does.EndWith("Result:\n    position: 0.0\neffort: 0.0\nstalled: true\nreached_goal: false\n\nGoal finished with status: ABORTED\n"));
    }

    [Test]
    public void InterruptingCancelsTheGoalOnTheServer()
    {
        var (code, rest, error) = InterruptSendGoal(RunsUntilCanceled, "Goal accepted with ID: ");

        Assert.That(code, Is.EqualTo(1), error);
        Assert.That(rest, Is.EqualTo("\nCanceling goal...\nGoal canceled.\n"));
        AssertTheServerCanceledTheGoal();
    }

    [Test]
    public void InterruptingBeforeTheGoalIsAcceptedStillCancelsIt()
    {
        var (code, rest, error) = InterruptSendGoal(AcceptedWhenReleased, "Sending goal:", afterSignal: () =>
        {
            // The signal lands while the server still holds the goal; it accepts only afterwards.
            Thread.Sleep(300);
            _releaseAcceptance.Set();
        });

        Assert.That(code, Is.EqualTo(1), error);
        Assert.That(rest, Does.Match(@"Goal accepted with ID: [0-9a-f]{32}\n\nCanceling goal...\nGoal canceled.\n$"));
        AssertTheServerCanceledTheGoal();
    }

    /// <summary>
    /// Runs <c>action send_goal</c> for a goal at <paramref name="position"/> as its own process, signals it once a line
    /// starting with <paramref name="interruptAt"/> is out, and returns its exit code, what it printed after that line
    /// and its stderr.
    /// </summary>
    private (int Code, string Printed, string Error) InterruptSendGoal(double position, string interruptAt, System.Action? afterSignal = null)
    {
        using var process = CliProcess.Start("action", "send_goal", Action, Type, $"{{command: {{position: {position}}}}}",
            "--domain-id", _domain.Id.ToString(CultureInfo.InvariantCulture), "--localhost");
        var stderr = process.StandardError.ReadToEndAsync();
        var seen = new List<string>();
        try
        {
            while (process.StandardOutput.ReadLine() is { } line)
            {
                seen.Add(line);
                if (line.StartsWith(interruptAt, StringComparison.Ordinal))
                {
                    break;
                }
            }
            Assert.That(seen, Has.Some.StartWith(interruptAt), string.Join('\n', seen));
            // SIGTERM stands in for Ctrl-C: SIGINT is ignored when the test run itself was started in the background.
            Process.Start("kill", ["-TERM", process.Id.ToString(CultureInfo.InvariantCulture)])!.WaitForExit();
            afterSignal?.Invoke();
            var rest = process.StandardOutput.ReadToEndAsync();
            Assert.That(process.WaitForExit(TimeSpan.FromSeconds(30)), Is.True, "send_goal did not stop after the signal");
            return (process.ExitCode, rest.Result, stderr.Result);
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }
    }

    private void AssertTheServerCanceledTheGoal()
    {
        Assert.That(SpinWait.SpinUntil(() => Goals().Count == 1, TimeSpan.FromSeconds(10)), Is.True, "the server ended the goal");
        Assert.That(Goals().Single().Status, Is.EqualTo(GoalStatus.StatusCanceled));
    }

    [Test]
    public void AnUnregisteredActionTypeIsNamedWithTheRegisteredOnes()
    {
        var (code, output, error) = _domain.Cli("action", "send_goal", Action, "my_pkg/action/Nope", "{}");

        Assert.That(code, Is.EqualTo(2));
        Assert.That(output, Is.Empty, "nothing is sent");
        Assert.That(error, Is.EqualTo("action: action type 'my_pkg/action/Nope' is not in the message registry, and without its definition " +
            "nothing can be encoded for it; registered action types: control_msgs/action/FollowJointTrajectory, control_msgs/action/GripperCommand\n"));
    }

    [TestCase("{command: {position: fast}}", "command.position: 'fast' does not fit float64")]
    [TestCase("{command: {speed: 1}}", "has no field 'speed'; its fields are: position, max_effort")]
    [TestCase("{command: 3}", "command: expected a message (a mapping of field names to values)")]
    [TestCase("{command: [1", "message values are not valid YAML at line ")]
    public void AMalformedGoalNamesTheFieldAndWhatItExpected(string goal, string expected)
    {
        var (code, output, error) = _domain.Cli("action", "send_goal", Action, Type, goal, "--timeout", "0.5");

        Assert.That(code, Is.EqualTo(2), output);
        Assert.That(error, Does.StartWith("action: ").And.Contain(expected));
        Assert.That(error, Does.Not.Contain("   at ").And.Not.Contain("(Parameter '"), "no .NET exception text");
        Assert.That(Goals(), Is.Empty);
    }

    [Test]
    public void NoServerTimesOutNamingTheAction()
    {
        var (code, _, error) = _domain.Cli("action", "send_goal", "/nobody", Type, "{}", "--timeout", "0.5");

        Assert.That(code, Is.EqualTo(2));
        Assert.That(error, Does.Contain($"action /nobody ({Type}) had no server within 0.5 s"));
    }

    [TestCase("list", "action list [options]")]
    [TestCase("info", "action info <action> [options]")]
    [TestCase("send_goal", "action send_goal <action> <action_type> [<goal>] [options]")]
    public void TheVerbIsThere(string verb, string usage)
    {
        var (code, output, error) = CliProcess.Run(TimeSpan.FromSeconds(60), "action", verb, "--help");

        Assert.That(output, Does.Contain(usage), $"exit {code}: {error}");
    }

    private List<(GripperCommand Command, sbyte Status)> Goals()
    {
        lock (_goals)
        {
            return [.. _goals];
        }
    }

    [GeneratedRegex(@"Goal accepted with ID: [0-9a-f]{32}\n\n")]
    private static partial Regex GoalId();

    public void Dispose()
    {
        _releaseAcceptance.Set();
        _server.Dispose();
        _context.Dispose();
        _releaseAcceptance.Dispose();
    }
}
