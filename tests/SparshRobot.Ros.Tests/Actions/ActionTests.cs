using System.Buffers.Binary;
using SparshRobot.Ros.Actions;
using SparshRobot.Ros.Dds;
using SparshRobot.Ros.Messages.ActionMsgs;
using SparshRobot.Ros.Messages.Actions;
using SparshRobot.Ros.Messages.BuiltinInterfaces;
using SparshRobot.Ros.Messages.ControlMsgs;
using SparshRobot.Ros.Messages.UniqueIdentifierMsgs;
using SparshRobot.Ros.Node;
using SparshRobot.Ros.Tests.Services;
using SparshRobot.Ros.Transport;
using SparshRobot.Testing;
using static SparshRobot.Ros.Tests.Dds.DdsTestSupport;

namespace SparshRobot.Ros.Tests.Actions;

using GripperClient = ActionClient<GripperCommandGoal, GripperCommandResult, GripperCommandFeedback>;
using GripperHandle = ServerGoalHandle<GripperCommandGoal, GripperCommandFeedback>;
using GripperOutcome = ActionOutcome<GripperCommandResult>;

[Category("dds")]
public class ActionTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    private static GripperCommandGoal Goal(double position, double effort = 10) => new(new GripperCommand(position, effort));

    /// <summary>Moves the (pretend) gripper in three steps, reporting each, and reaches the goal.</summary>
    private static async Task<GripperOutcome> MoveInSteps(GripperHandle goal)
    {
        var target = goal.Goal.Command.Position;
        for (var step = 1; step <= 3; step++)
        {
            goal.PublishFeedback(new GripperCommandFeedback(target * step / 3, step, false, step == 3));
            await Task.Delay(20, goal.CancellationToken);
        }
        return GripperOutcome.Succeeded(new GripperCommandResult(target, 3, false, true));
    }

    /// <summary>Runs until a cancel is accepted, then reports where it stopped.</summary>
    private static async Task<GripperOutcome> RunUntilCanceled(GripperHandle goal)
    {
        try
        {
            await Task.Delay(Timeout.Infinite, goal.CancellationToken);
        }
        catch (OperationCanceledException)
        {
        }
        return GripperOutcome.Canceled(new GripperCommandResult(0.25, 1.5, false, false));
    }

    private sealed class Pair : IDisposable
    {
        private readonly RosContext _serverContext;
        private readonly RosContext _clientContext;

        public Pair(bool dds = false, NodeOptions? serverOptions = null)
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
            Server = new SpunNode(_serverContext, "gripper_server", options: serverOptions);
            Client = new RosNode(_clientContext, "gripper_client");
        }

        public SpunNode Server { get; }

        public RosNode Client { get; }

        public async Task<GripperClient> ConnectedClient(string action = "/gripper_cmd")
        {
            var client = Client.CreateActionClient<GripperCommandGoal, GripperCommandResult, GripperCommandFeedback>(action);
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

    [TestCase(false, TestName = "GoalWithFeedbackSucceeds(inprocess)")]
    [TestCase(true, TestName = "GoalWithFeedbackSucceeds(dds)")]
    public async Task GoalWithFeedbackSucceeds(bool dds)
    {
        using var pair = new Pair(dds);
        var server = pair.Server.Node.CreateActionServer<GripperCommandGoal, GripperCommandResult, GripperCommandFeedback>("gripper_cmd", MoveInSteps);
        var client = await pair.ConnectedClient();
        var feedback = new List<GripperCommandFeedback>();

        var goal = await client.SendGoalAsync(Goal(0.06), (_, f) => { lock (feedback) { feedback.Add(f); } }, Patience);
        var result = await client.GetResultAsync(goal, Patience);

        Assert.That(WaitUntil(() => { lock (feedback) { return feedback.Count == 3; } }, Patience), Is.True, "three feedback messages");
        Assert.Multiple(() =>
        {
            Assert.That(goal.Accepted, Is.True);
            Assert.That(ActionStamp(goal.Stamp), Is.GreaterThan(0), "an accepted goal carries its acceptance time");
            Assert.That(result.Status, Is.EqualTo(GoalStatus.StatusSucceeded));
            Assert.That(result.Result, Is.EqualTo(new GripperCommandResult(0.06, 3, false, true)));
            Assert.That(feedback.Select(f => f.Effort), Is.EqualTo(new[] { 1.0, 2.0, 3.0 }));
            Assert.That(feedback[^1].ReachedGoal, Is.True);
            Assert.That(goal.Status, Is.EqualTo(GoalStatus.StatusSucceeded));
            Assert.That(server.Goals.Single(), Is.EqualTo(new GoalStatus(goal.Info, GoalStatus.StatusSucceeded)));
            Assert.That((server.Name, server.ActionType), Is.EqualTo(("/gripper_cmd", "control_msgs/action/GripperCommand")));
        });
        Assert.That(WaitUntil(() => client.LatestStatus.SequenceEqual(server.Goals), Patience), Is.True, "the client hears the final status array");
    }

    [Test]
    public async Task ActionEndpointsOnDdsHaveRclActionsNamesTypesAndQos()
    {
        var domain = NewDomainId();
        using var transport = new DdsTransport(Localhost(domain));
        using var context = new RosContext(transport, ownsTransport: false);
        using var node = new RosNode(context, "gripper");
        node.CreateActionServer<GripperCommandGoal, GripperCommandResult, GripperCommandFeedback>("~/gripper_cmd", MoveInSteps);

        var endpoints = transport.DiscoverEndpoints(TimeSpan.FromMilliseconds(300)).Where(e => e.IsWriter || e.DdsTopic.StartsWith("rq/", StringComparison.Ordinal)).ToList();
        var status = endpoints.Single(e => e.DdsTopic == "rt/gripper/gripper_cmd/_action/status");
        var feedback = endpoints.Single(e => e.DdsTopic == "rt/gripper/gripper_cmd/_action/feedback");
        Assert.Multiple(() =>
        {
            Assert.That(status.DdsType, Is.EqualTo("action_msgs::msg::dds_::GoalStatusArray_"));
            Assert.That((status.Qos.Reliability, status.Qos.Durability, status.Qos.Depth), Is.EqualTo((Reliability.Reliable, Durability.TransientLocal, 1)));
            Assert.That(feedback.DdsType, Is.EqualTo("control_msgs::action::dds_::GripperCommand_FeedbackMessage_"));
            Assert.That(feedback.Qos.Durability, Is.EqualTo(Durability.Volatile));
            Assert.That(endpoints.Single(e => e.DdsTopic == "rq/gripper/gripper_cmd/_action/send_goalRequest").DdsType,
                Is.EqualTo("control_msgs::action::dds_::GripperCommand_SendGoal_Request_"));
            Assert.That(endpoints.Single(e => e.DdsTopic == "rq/gripper/gripper_cmd/_action/cancel_goalRequest").DdsType,
                Is.EqualTo("action_msgs::srv::dds_::CancelGoal_Request_"));
            Assert.That(endpoints.Single(e => e.DdsTopic == "rr/gripper/gripper_cmd/_action/get_resultReply").DdsType,
                Is.EqualTo("control_msgs::action::dds_::GripperCommand_GetResult_Response_"));
        });
    }

    [Test]
    public async Task RejectedGoalsAreAnsweredAndNotKept()
    {
        using var pair = new Pair();
        var executed = 0;
        var server = pair.Server.Node.CreateActionServer<GripperCommandGoal, GripperCommandResult, GripperCommandFeedback>("gripper_cmd",
            g => { Interlocked.Increment(ref executed); return MoveInSteps(g); },
            acceptGoal: (_, goal) => goal.Command.Position >= 0);
        var client = await pair.ConnectedClient();

        var goal = await client.SendGoalAsync(Goal(-1), timeout: Patience);
        var result = await client.GetResultAsync(goal, Patience);

        Assert.Multiple(() =>
        {
            Assert.That(goal.Accepted, Is.False);
            Assert.That(goal.Stamp, Is.EqualTo(new Time(0, 0)));
            Assert.That(result.Status, Is.EqualTo(GoalStatus.StatusUnknown));
            Assert.That(server.Goals, Is.Empty);
            Assert.That(executed, Is.Zero);
        });
    }

    [Test]
    public async Task CancelMidGoalEndsItCanceledWithItsResult()
    {
        using var pair = new Pair();
        var server = pair.Server.Node.CreateActionServer<GripperCommandGoal, GripperCommandResult, GripperCommandFeedback>("gripper_cmd", RunUntilCanceled);
        var client = await pair.ConnectedClient();
        var goal = await client.SendGoalAsync(Goal(0.08), timeout: Patience);
        Assert.That(WaitUntil(() => goal.Status == GoalStatus.StatusExecuting, Patience), Is.True, "the status topic reports the goal executing");

        var cancel = await client.CancelGoalAsync(goal, Patience);
        var result = await client.GetResultAsync(goal, Patience);
        var again = await client.CancelGoalAsync(goal, Patience);

        Assert.Multiple(() =>
        {
            Assert.That(cancel.ReturnCode, Is.EqualTo(CancelGoalResponse.ErrorNone));
            Assert.That(cancel.GoalsCanceling, Is.EqualTo(new[] { goal.Info }), "the canceling goal with its acceptance stamp");
            Assert.That(result.Status, Is.EqualTo(GoalStatus.StatusCanceled));
            Assert.That(result.Result, Is.EqualTo(new GripperCommandResult(0.25, 1.5, false, false)));
            Assert.That(goal.Status, Is.EqualTo(GoalStatus.StatusCanceled));
            Assert.That(again.ReturnCode, Is.EqualTo(CancelGoalResponse.ErrorGoalTerminated));
            Assert.That(server.Goals.Single().Status, Is.EqualTo(GoalStatus.StatusCanceled));
        });
    }

    [Test]
    public async Task CancelsOfUnknownGoalsAndRefusedCancelsGetTheirErrorCodes()
    {
        using var pair = new Pair();
        pair.Server.Node.CreateActionServer<GripperCommandGoal, GripperCommandResult, GripperCommandFeedback>("gripper_cmd", RunUntilCanceled,
            acceptCancel: g => g.Goal.Command.Position != 0.01);
        var client = await pair.ConnectedClient();
        var stubborn = await client.SendGoalAsync(Goal(0.01), timeout: Patience);

        var unknown = await client.CancelGoalsAsync(new GoalInfo(UUID.NewRandom(), new Time(0, 0)), Patience);
        var refused = await client.CancelGoalAsync(stubborn, Patience);

        Assert.Multiple(() =>
        {
            Assert.That(unknown.ReturnCode, Is.EqualTo(CancelGoalResponse.ErrorUnknownGoalId));
            Assert.That(refused.ReturnCode, Is.EqualTo(CancelGoalResponse.ErrorRejected));
            Assert.That(refused.GoalsCanceling, Is.Empty);
        });
        Assert.That(WaitUntil(() => stubborn.Status == GoalStatus.StatusExecuting, Patience), Is.True, "a refused cancel leaves the goal executing");
    }

    [Test]
    public async Task CancelByStampTakesOlderGoalsAndZeroCancelsAll()
    {
        using var pair = new Pair();
        var server = pair.Server.Node.CreateActionServer<GripperCommandGoal, GripperCommandResult, GripperCommandFeedback>("gripper_cmd", RunUntilCanceled);
        var client = await pair.ConnectedClient();
        var goals = new List<ClientGoalHandle<GripperCommandFeedback>>();
        for (var i = 0; i < 3; i++)
        {
            goals.Add(await client.SendGoalAsync(Goal(0.01 * i), timeout: Patience));
            await Task.Delay(5); // distinct acceptance stamps
        }
        Assert.That(goals.Select(g => ActionStamp(g.Stamp)), Is.Ordered.Ascending.And.Unique);

        var older = await client.CancelGoalsAsync(new GoalInfo(UUID.Zero, goals[1].Stamp), Patience);
        var rest = await client.CancelGoalsAsync(new GoalInfo(UUID.Zero, new Time(0, 0)), Patience);
        var none = await client.CancelGoalsAsync(new GoalInfo(UUID.Zero, new Time(0, 0)), Patience);

        Assert.Multiple(() =>
        {
            Assert.That(older.ReturnCode, Is.EqualTo(CancelGoalResponse.ErrorNone));
            Assert.That(older.GoalsCanceling.Select(g => g.GoalId), Is.EquivalentTo(new[] { goals[0].GoalId, goals[1].GoalId }), "accepted at or before the stamp");
            Assert.That(rest.ReturnCode, Is.EqualTo(CancelGoalResponse.ErrorNone));
            Assert.That(rest.GoalsCanceling.Select(g => g.GoalId), Is.EqualTo(new[] { goals[2].GoalId }), "the others are already canceling");
            Assert.That(none.ReturnCode, Is.EqualTo(CancelGoalResponse.ErrorRejected), "nothing left to cancel");
        });
        foreach (var goal in goals)
        {
            Assert.That((await client.GetResultAsync(goal, Patience)).Status, Is.EqualTo(GoalStatus.StatusCanceled));
        }
        Assert.That(server.Goals.Select(g => g.Status), Is.All.EqualTo(GoalStatus.StatusCanceled));
    }

    [Test]
    public async Task GetResultBeforeTheGoalEndsIsAnsweredWhenItEnds()
    {
        using var pair = new Pair();
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        pair.Server.Node.CreateActionServer<GripperCommandGoal, GripperCommandResult, GripperCommandFeedback>("gripper_cmd", async g =>
        {
            await release.Task.WaitAsync(g.CancellationToken);
            return GripperOutcome.Succeeded(new GripperCommandResult(g.Goal.Command.Position, 0, false, true));
        });
        var client = await pair.ConnectedClient();
        var goal = await client.SendGoalAsync(Goal(0.03), timeout: Patience);

        var pending = client.GetResultAsync(goal, Patience);
        await Task.Delay(300);
        Assert.That(pending.IsCompleted, Is.False, "the request is parked while the goal runs");
        release.SetResult();
        var result = await pending;

        Assert.Multiple(() =>
        {
            Assert.That(result.Status, Is.EqualTo(GoalStatus.StatusSucceeded));
            Assert.That(result.Result.Position, Is.EqualTo(0.03));
        });
    }

    [Test]
    public async Task UnknownGoalIdGetsStatusUnknownAndAnEmptyResult()
    {
        using var pair = new Pair();
        pair.Server.Node.CreateActionServer<GripperCommandGoal, GripperCommandResult, GripperCommandFeedback>("gripper_cmd", MoveInSteps);
        var client = await pair.ConnectedClient();

        var result = await client.GetResultAsync(UUID.NewRandom(), Patience);

        Assert.That(result, Is.EqualTo(new GetResultResponse<GripperCommandResult>(GoalStatus.StatusUnknown, new GripperCommandResult(0, 0, false, false))));
    }

    [Test]
    public async Task ExecuteThatThrowsAbortsTheGoalAndLogsIt()
    {
        var log = new StringWriter();
        using var pair = new Pair(serverOptions: new NodeOptions { LogOutput = TextWriter.Synchronized(log) });
        pair.Server.Node.CreateActionServer<GripperCommandGoal, GripperCommandResult, GripperCommandFeedback>("gripper_cmd",
            _ => throw new InvalidOperationException("gripper jammed"));
        var client = await pair.ConnectedClient();
        var goal = await client.SendGoalAsync(Goal(0.02), timeout: Patience);

        var result = await client.GetResultAsync(goal, Patience);

        Assert.Multiple(() =>
        {
            Assert.That(result.Status, Is.EqualTo(GoalStatus.StatusAborted));
            Assert.That(result.Result, Is.EqualTo(new GripperCommandResult(0, 0, false, false)));
            Assert.That(log.ToString(), Does.Contain("gripper jammed").And.Contain(goal.GoalId.ToString()));
        });
    }

    [Test]
    public async Task StatusArrayListsEveryKeptGoalAndReachesLateClients()
    {
        using var pair = new Pair();
        pair.Server.Node.CreateActionServer<GripperCommandGoal, GripperCommandResult, GripperCommandFeedback>("gripper_cmd",
            g => g.Goal.Command.Position > 0 ? RunUntilCanceled(g) : MoveInSteps(g));
        var client = await pair.ConnectedClient();
        var done = await client.SendGoalAsync(Goal(0), timeout: Patience);
        await client.GetResultAsync(done, Patience);
        var running = await client.SendGoalAsync(Goal(0.05), timeout: Patience);
        var expected = new[] { new GoalStatus(done.Info, GoalStatus.StatusSucceeded), new GoalStatus(running.Info, GoalStatus.StatusExecuting) };

        Assert.That(WaitUntil(() => client.LatestStatus.ToHashSet().SetEquals(expected), Patience), Is.True,
            () => $"status array: {string.Join(", ", client.LatestStatus)}");
        var late = await pair.ConnectedClient();
        Assert.That(WaitUntil(() => late.LatestStatus.ToHashSet().SetEquals(expected), Patience), Is.True, "transient local: a late client gets the last array");
    }

    [Test]
    public async Task FinishedGoalsExpireAfterTheResultTimeout()
    {
        using var pair = new Pair();
        var time = new ManualTime();
        var server = pair.Server.Node.CreateActionServer<GripperCommandGoal, GripperCommandResult, GripperCommandFeedback>("gripper_cmd", MoveInSteps,
            options: new ActionServerOptions { ResultTimeout = TimeSpan.FromSeconds(10), Time = time });
        var client = await pair.ConnectedClient();
        var goal = await client.SendGoalAsync(Goal(0.04), timeout: Patience);
        Assert.That((await client.GetResultAsync(goal, Patience)).Status, Is.EqualTo(GoalStatus.StatusSucceeded));

        time.Advance(TimeSpan.FromSeconds(9));
        Assert.That((await client.GetResultAsync(goal, Patience)).Status, Is.EqualTo(GoalStatus.StatusSucceeded), "kept within the timeout");
        time.Advance(TimeSpan.FromSeconds(1));
        Assert.That((await client.GetResultAsync(goal, Patience)).Status, Is.EqualTo(GoalStatus.StatusUnknown), "expired");
        Assert.That(server.Goals, Is.Empty);
        Assert.That(WaitUntil(() => client.LatestStatus.Count == 0, Patience), Is.True, "the status array is republished without it");
    }

    [Test]
    public void NegativeResultTimeoutIsRefused()
    {
        using var pair = new Pair();
        var e = Assert.Throws<ArgumentOutOfRangeException>(() =>
            pair.Server.Node.CreateActionServer<GripperCommandGoal, GripperCommandResult, GripperCommandFeedback>("gripper_cmd", MoveInSteps,
                options: new ActionServerOptions { ResultTimeout = TimeSpan.FromSeconds(-1) }));
        Assert.That(e!.Message, Does.Contain("/gripper_cmd").And.Contain("ResultTimeout"));
    }

    [Test]
    public async Task SendGoalRequestOnTheWireHasTheDocumentedGripperCommandLayout()
    {
        using var pair = new Pair();
        var transport = pair.Client.Context.Transport;
        var requests = new List<byte[]>();
        using var tap = transport.SubscribeRaw("/gripper_cmd/_action/send_goal", SendGoalRequest<GripperCommandGoal>.TypeName, QosProfile.ServicesDefault,
            m => { lock (requests) { requests.Add(m.Data.ToArray()); } }, new RawEndpointOptions { Role = EndpointRole.ServiceRequest });
        pair.Server.Node.CreateActionServer<GripperCommandGoal, GripperCommandResult, GripperCommandFeedback>("gripper_cmd", MoveInSteps);
        var client = await pair.ConnectedClient();

        var goal = await client.SendGoalAsync(Goal(0.085, 40), timeout: Patience);

        byte[] wire;
        lock (requests)
        {
            wire = requests.Single();
        }
        var payload = wire[4..]; // after the encapsulation header
        Assert.Multiple(() =>
        {
            Assert.That(wire[..4], Is.EqualTo(new byte[] { 0x00, 0x01, 0x00, 0x00 }), "CDR little endian");
            Assert.That(payload.Length, Is.EqualTo(48));
            Assert.That(payload[16..32], Is.EqualTo(goal.GoalId.Uuid.ToArray()), "the goal id at 16..31");
            Assert.That(BinaryPrimitives.ReadDoubleLittleEndian(payload.AsSpan(32)), Is.EqualTo(0.085), "position at 32");
            Assert.That(BinaryPrimitives.ReadDoubleLittleEndian(payload.AsSpan(40)), Is.EqualTo(40), "max_effort at 40");
        });
    }

    private static long ActionStamp(Time stamp) => stamp.Sec * 1_000_000_000L + stamp.Nanosec;
}
