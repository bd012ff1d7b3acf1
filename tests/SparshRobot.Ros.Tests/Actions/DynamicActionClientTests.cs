using SparshRobot.Ros.Actions;
using SparshRobot.Ros.Dds;
using SparshRobot.Ros.Messages;
using SparshRobot.Ros.Messages.ActionMsgs;
using SparshRobot.Ros.Messages.Actions;
using SparshRobot.Ros.Messages.ControlMsgs;
using SparshRobot.Ros.Node;
using SparshRobot.Ros.Tests.Services;
using SparshRobot.Ros.Transport;
using static SparshRobot.Ros.Tests.Dds.DdsTestSupport;

namespace SparshRobot.Ros.Tests.Actions;

using GripperHandle = ServerGoalHandle<GripperCommandGoal, GripperCommandFeedback>;
using GripperOutcome = ActionOutcome<GripperCommandResult>;

/// <summary>
/// A <see cref="DynamicActionClient"/> (goal and results as field trees, types from the registry) against a typed
/// GripperCommand server: the same wire as the typed client, so the compiled server cannot tell them apart.
/// </summary>
[Category("dds")]
public class DynamicActionClientTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    private static RosActionType Gripper => MessageRegistry.Default.GetAction("control_msgs/action/GripperCommand");

    /// <summary>Moves in three reported steps unless the position is beyond 1 (aborted) or exactly 0.9 (runs until canceled).</summary>
    private static async Task<GripperOutcome> Execute(GripperHandle goal)
    {
        var target = goal.Goal.Command.Position;
        if (target > 1)
        {
            return GripperOutcome.Aborted(new GripperCommandResult(0, 0, true, false));
        }
        if (target == 0.9)
        {
            await Task.Delay(Timeout.Infinite, goal.CancellationToken).ContinueWith(_ => { }, TaskScheduler.Default);
            return GripperOutcome.Canceled(new GripperCommandResult(0.25, 1.5, false, false));
        }
        for (var step = 1; step <= 3; step++)
        {
            goal.PublishFeedback(new GripperCommandFeedback(target * step / 3, step, false, step == 3));
            await Task.Delay(20);
        }
        return GripperOutcome.Succeeded(new GripperCommandResult(target, 3, false, true));
    }

    private sealed class Fixture : IDisposable
    {
        private readonly RosContext _serverContext;
        private readonly RosContext _clientContext;

        public Fixture(bool dds)
        {
            ITransport serverTransport, clientTransport;
            if (dds)
            {
                var domain = NewDomainId();
                (serverTransport, clientTransport) = (new DdsTransport(Localhost(domain)), new DdsTransport(Localhost(domain)));
            }
            else
            {
                serverTransport = clientTransport = new InProcessTransport();
            }
            _serverContext = new RosContext(serverTransport);
            _clientContext = new RosContext(clientTransport, ownsTransport: dds);
            Server = new SpunNode(_serverContext, "gripper");
            Action = Server.Node.CreateActionServer<GripperCommandGoal, GripperCommandResult, GripperCommandFeedback>("gripper_cmd", Execute,
                acceptGoal: (_, goal) => goal.Command.MaxEffort >= 0);
            Client = new RosNode(_clientContext, "tool");
        }

        public SpunNode Server { get; }

        public ActionServer<GripperCommandGoal, GripperCommandResult, GripperCommandFeedback> Action { get; }

        public RosNode Client { get; }

        public async Task<DynamicActionClient> Connected()
        {
            var client = Client.CreateActionClient("/gripper_cmd", Gripper);
            Assert.That(await client.WaitForServerAsync(Patience), Is.True, "the action server becomes available");
            return client;
        }

        public void Dispose()
        {
            Client.Dispose();
            Server.Dispose();
            _clientContext.Dispose();
            _serverContext.Dispose();
        }
    }

    private static Dictionary<string, object?> Goal(double position, double effort) =>
        new() { ["command"] = new Dictionary<string, object?> { ["position"] = position, ["max_effort"] = effort } };

    [TestCase(false, TestName = "AGoalGivenAsValuesRunsWithFeedback(inprocess)")]
    [TestCase(true, TestName = "AGoalGivenAsValuesRunsWithFeedback(dds)")]
    public async Task AGoalGivenAsValuesRunsWithFeedback(bool dds)
    {
        using var f = new Fixture(dds);
        var client = await f.Connected();
        var feedback = new List<OrderedDictionary<string, object?>>();

        var goal = await client.SendGoalAsync(Goal(0.06, 2), (_, fb) => { lock (feedback) { feedback.Add(fb); } }, Patience);
        var result = await client.GetResultAsync(goal.GoalId, Patience);

        Assert.That(WaitUntil(() => { lock (feedback) { return feedback.Count == 3; } }, Patience), Is.True, "three feedback messages");
        Assert.Multiple(() =>
        {
            Assert.That((client.Name, client.ActionType), Is.EqualTo(("/gripper_cmd", "control_msgs/action/GripperCommand")));
            Assert.That(goal.Accepted, Is.True);
            Assert.That(goal.Stamp.Sec, Is.GreaterThan(0), "the acceptance time comes back from the reply tree");
            Assert.That(result.Status, Is.EqualTo(GoalStatus.StatusSucceeded));
            Assert.That(result.Result.ToDictionary(), Is.EquivalentTo(new Dictionary<string, object?>
            {
                ["position"] = 0.06,
                ["effort"] = 3.0,
                ["stalled"] = false,
                ["reached_goal"] = true,
            }));
            Assert.That(feedback.Select(fb => fb["effort"]), Is.EqualTo(new object[] { 1.0, 2.0, 3.0 }));
            Assert.That(goal.Status, Is.EqualTo(GoalStatus.StatusSucceeded));
            Assert.That(client.MalformedMessages, Is.Zero);
        });
    }

    [Test]
    public async Task RejectedAbortedAndCanceledGoalsReportSo()
    {
        using var f = new Fixture(dds: false);
        var client = await f.Connected();

        var rejected = await client.SendGoalAsync(Goal(0.5, -1), timeout: Patience);
        var aborted = await client.SendGoalAsync(Goal(2, 1), timeout: Patience);
        var abortedResult = await client.GetResultAsync(aborted.GoalId, Patience);
        var running = await client.SendGoalAsync(Goal(0.9, 1), timeout: Patience);
        Assert.That(WaitUntil(() => running.Status == GoalStatus.StatusExecuting, Patience), Is.True, "the status topic reports the goal executing");
        var cancel = await client.CancelGoalAsync(running, Patience);
        var canceledResult = await client.GetResultAsync(running.GoalId, Patience);

        Assert.Multiple(() =>
        {
            Assert.That(rejected.Accepted, Is.False);
            Assert.That((aborted.Accepted, abortedResult.Status, abortedResult.Result["stalled"]), Is.EqualTo((true, GoalStatus.StatusAborted, true)));
            Assert.That(cancel.GoalsCanceling.Select(g => g.GoalId), Is.EqualTo(new[] { running.GoalId }));
            Assert.That((canceledResult.Status, canceledResult.Result["position"]), Is.EqualTo((GoalStatus.StatusCanceled, 0.25)));
        });
    }

    [Test]
    public async Task AValueThatDoesNotFitTheGoalIsRefusedBeforeSending()
    {
        using var f = new Fixture(dds: false);
        var client = await f.Connected();

        var e = Assert.ThrowsAsync<ArgumentException>(() => client.SendGoalAsync(Goal(0.5, 1).Append(new("speed", 1)).ToDictionary(), timeout: Patience));

        Assert.That(e!.Message, Does.Contain("has no field 'speed'"));
        Assert.That(f.Action.Goals, Is.Empty, "no goal reached the server");
    }
}
