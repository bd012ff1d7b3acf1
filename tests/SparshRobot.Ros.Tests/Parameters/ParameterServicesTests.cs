using SparshRobot.Ros.Dds;
using SparshRobot.Ros.Messages.RclInterfaces;
using SparshRobot.Ros.Node;
using SparshRobot.Ros.Parameters;
using SparshRobot.Ros.Tests.Services;
using SparshRobot.Ros.Transport;
using static SparshRobot.Ros.Tests.Dds.DdsTestSupport;
using Msg = SparshRobot.Ros.Messages.RclInterfaces;
using ParameterType = SparshRobot.Ros.Parameters.ParameterType;
using StoreDescriptor = SparshRobot.Ros.Parameters.ParameterDescriptor;
using StoreIntegerRange = SparshRobot.Ros.Parameters.IntegerRange;
using Value = SparshRobot.Ros.Parameters.ParameterValue;

namespace SparshRobot.Ros.Tests.Parameters;

[Category("dds")]
public class ParameterServicesTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    /// <summary>A controller node with gains, a bounded rate and a read-only frame, and a caller beside it.</summary>
    private sealed class Fixture : IDisposable
    {
        public Fixture(ITransport transport, bool ownsTransport = true)
        {
            Context = new RosContext(transport, ownsTransport: ownsTransport);
            Controller = new SpunNode(Context, "controller");
            var p = Controller.Node.Parameters;
            p.Declare("gains.kp", Value.Of(2.0));
            p.Declare("gains.ki", Value.Of(0.5));
            p.Declare(new StoreDescriptor("rate", ParameterType.Integer, "control rate in Hz") { IntegerRange = new StoreIntegerRange(10, 100, 10) }, Value.Of(60L));
            p.Declare("frame", Value.Of("base"), "the arm's base frame", readOnly: true);
            p.AddValidator(changes => changes.Any(c => c.Name == "gains.kp" && c.Value.Get<double>() < 0)
                ? new ParameterSetResult(false, "gains.kp must not be negative")
                : ParameterSetResult.Success);
            Caller = new RosNode(Context, "caller", options: new NodeOptions { StartParameterServices = false });
        }

        public RosContext Context { get; }

        public SpunNode Controller { get; }

        public RosNode Caller { get; }

        public async Task<TResponse> Call<TRequest, TResponse>(string service, TRequest request)
            where TRequest : global::SparshRobot.Ros.Messages.IRosMessage<TRequest>
            where TResponse : global::SparshRobot.Ros.Messages.IRosMessage<TResponse>
        {
            var client = Caller.CreateClient<TRequest, TResponse>("/controller/" + service);
            Assert.That(await client.WaitForServiceAsync(Patience), Is.True, service);
            return await client.CallAsync(request, Patience);
        }

        public void Dispose()
        {
            Caller.Dispose();
            Controller.Dispose();
            Context.Dispose();
        }
    }

    [Test]
    public async Task GetDescribeAndTypesAnswerDeclaredNamesAndNothingForUndeclaredOnes()
    {
        using var f = new Fixture(new InProcessTransport());
        var values = await f.Call<GetParametersRequest, GetParametersResponse>("get_parameters", new(["rate", "gains.kp", "frame"]));
        var missing = await f.Call<GetParametersRequest, GetParametersResponse>("get_parameters", new(["rate", "nope"]));
        var types = await f.Call<GetParameterTypesRequest, GetParameterTypesResponse>("get_parameter_types", new(["frame", "rate"]));
        var described = await f.Call<DescribeParametersRequest, DescribeParametersResponse>("describe_parameters", new(["rate", "frame"]));

        Assert.Multiple(() =>
        {
            Assert.That(values.Values.Select(v => v.ToValue()), Is.EqualTo(new[] { Value.Of(60L), Value.Of(2.0), Value.Of("base") }));
            Assert.That(missing.Values, Is.Empty, "rclcpp answers nothing when any name is undeclared (ros2 param get: Parameter not set)");
            Assert.That(types.Types, Is.EqualTo(new byte[] { (byte)ParameterType.String, (byte)ParameterType.Integer }));
            var rate = described.Descriptors[0];
            Assert.That((rate.Name, rate.Description, rate.ReadOnly), Is.EqualTo(("rate", "control rate in Hz", false)));
            Assert.That(rate.IntegerRange.Single(), Is.EqualTo(new Msg.IntegerRange(10, 100, 10)));
            Assert.That(described.Descriptors[1].ReadOnly, Is.True);
        });
    }

    [Test]
    public async Task SetsAreCheckedPerParameterOrAtomicallyAndChangesArePublished()
    {
        using var f = new Fixture(new InProcessTransport());
        var events = new List<ParameterEvent>();
        using var listener = f.Caller.CreateSubscription<ParameterEvent>("/parameter_events", e => { lock (events) { events.Add(e); } }, QosProfile.Parameters);
        using var executor = new Executor();
        executor.Add(f.Caller);

        var each = await f.Call<SetParametersRequest, SetParametersResponse>("set_parameters", new([
            new Parameter("gains.kp", Msg.ParameterValue.From(Value.Of(3.0))),
            new Parameter("gains.ki", Msg.ParameterValue.From(Value.Of(-1L))),
            new Parameter("rate", Msg.ParameterValue.From(Value.Of(55L))),
            new Parameter("frame", Msg.ParameterValue.From(Value.Of("tool"))),
            new Parameter("gains.kp", Msg.ParameterValue.From(Value.Of(-2.0))),
        ]));
        var atomicUndeclared = await f.Call<SetParametersAtomicallyRequest, SetParametersAtomicallyResponse>("set_parameters_atomically", new([
            new Parameter("gains.ki", Msg.ParameterValue.From(Value.Of(0.7))),
            new Parameter("gains.kd", Msg.ParameterValue.From(Value.Of(0.1))),
        ]));
        var atomic = await f.Call<SetParametersAtomicallyRequest, SetParametersAtomicallyResponse>("set_parameters_atomically", new([
            new Parameter("gains.ki", Msg.ParameterValue.From(Value.Of(0.7))),
            new Parameter("rate", Msg.ParameterValue.From(Value.Of(90L))),
        ]));
        executor.SpinSome(TimeSpan.FromMilliseconds(100));

        var store = f.Controller.Node.Parameters;
        Assert.Multiple(() =>
        {
            Assert.That(each.Results.Select(r => r.Successful), Is.EqualTo(new[] { true, false, false, false, false }));
            Assert.That(each.Results.Select(r => r.Reason).Skip(1), Is.EqualTo(new[]
            {
                "parameter 'gains.ki' expects double, not integer '-1'",
                "parameter 'rate' = 55 is outside its integer range [10, 100] with step 10",
                "parameter 'frame' cannot be set because it is read-only",
                "gains.kp must not be negative",
            }));
            Assert.That(atomicUndeclared.Result, Is.EqualTo(new SetParametersResult(false, "One or more parameters were not declared before setting")));
            Assert.That(atomic.Result.Successful, Is.True);
            Assert.That((store.Get<double>("gains.kp"), store.Get<double>("gains.ki"), store.Get<long>("rate")), Is.EqualTo((3.0, 0.7, 90L)));
            lock (events)
            {
                var changes = events.Where(e => e.Node == "/controller").Select(e => string.Join(",", e.ChangedParameters.Select(p => $"{p.Name}={p.Value.ToValue()}"))).ToList();
                Assert.That(changes, Is.EqualTo(new[] { "gains.kp=3", "gains.ki=0.7,rate=90" }), "one event per accepted set, none for refused ones");
            }
        });
    }

    [Test]
    public async Task ANotSetValueUndeclaresADynamicParameterAndPublishesItAsDeleted()
    {
        using var f = new Fixture(new InProcessTransport());
        var store = f.Controller.Node.Parameters;
        store.Declare(new StoreDescriptor("scratch", ParameterType.Double) { DynamicTyping = true }, Value.Of(1.5));
        var events = new List<ParameterEvent>();
        using var listener = f.Caller.CreateSubscription<ParameterEvent>("/parameter_events", e => { lock (events) { events.Add(e); } }, QosProfile.Parameters);
        using var executor = new Executor();
        executor.Add(f.Caller);

        var described = await f.Call<DescribeParametersRequest, DescribeParametersResponse>("describe_parameters", new(["scratch", "gains.kp"]));
        var set = await f.Call<SetParametersRequest, SetParametersResponse>("set_parameters", new([
            new Parameter("scratch", Msg.ParameterValue.From(Value.NotSet)),
            new Parameter("gains.kp", Msg.ParameterValue.From(Value.NotSet)),
        ]));
        executor.SpinSome(TimeSpan.FromMilliseconds(100));

        Assert.Multiple(() =>
        {
            Assert.That(described.Descriptors.Select(d => d.DynamicTyping), Is.EqualTo(new[] { true, false }));
            Assert.That(set.Results, Is.EqualTo(new[] { new SetParametersResult(true, ""), new SetParametersResult(false, "cannot undeclare a statically typed parameter") }));
            Assert.That((store.IsDeclared("scratch"), store.IsDeclared("gains.kp")), Is.EqualTo((false, true)));
            lock (events)
            {
                var deleted = events.Where(e => e.Node == "/controller" && e.DeletedParameters.Count > 0).ToList();
                Assert.That(deleted.Select(e => (e.DeletedParameters.Single().Name, e.DeletedParameters.Single().Value.ToValue(), e.ChangedParameters.Count)),
                    Is.EqualTo(new[] { ("scratch", Value.Of(1.5), 0) }), "one event, naming the parameter and the value it had");
            }
        });
    }

    [TestCase(new string[0], 0UL, new[] { "frame", "gains.ki", "gains.kp", "rate" }, new[] { "gains" })]
    [TestCase(new string[0], 1UL, new[] { "frame", "rate" }, new string[0])]
    [TestCase(new[] { "gains" }, 0UL, new[] { "gains.ki", "gains.kp" }, new[] { "gains" })]
    public async Task ListFollowsPrefixesAndDepth(string[] prefixes, ulong depth, string[] names, string[] parents)
    {
        using var f = new Fixture(new InProcessTransport());
        var listed = await f.Call<ListParametersRequest, ListParametersResponse>("list_parameters", new(prefixes, depth));
        Assert.That(listed.Result.Names, Is.EqualTo(names));
        Assert.That(listed.Result.Prefixes, Is.EqualTo(parents));
    }

    [Test]
    public async Task AllSixServicesAnswerOverDds()
    {
        var domain = NewDomainId();
        using var f = new Fixture(new DdsTransport(Localhost(domain)));
        using var other = new RosContext(new DdsTransport(Localhost(domain)));
        using var remote = new RosNode(other, "remote", options: new NodeOptions { StartParameterServices = false });
        var list = remote.CreateClient<ListParametersRequest, ListParametersResponse>("/controller/list_parameters");
        Assert.That(await list.WaitForServiceAsync(Patience), Is.True);
        Assert.That((await list.CallAsync(new([], 0), Patience)).Result.Names, Has.Count.EqualTo(4));
        var services = ((DdsTransport)other.Transport).DiscoverServices(TimeSpan.FromMilliseconds(500))
            .Where(s => s.Service.StartsWith("/controller/", StringComparison.Ordinal)).Select(s => (s.Service, s.ServiceType));
        Assert.That(services, Is.EquivalentTo(new[]
        {
            ("/controller/describe_parameters", "rcl_interfaces/srv/DescribeParameters"),
            ("/controller/get_parameter_types", "rcl_interfaces/srv/GetParameterTypes"),
            ("/controller/get_parameters", "rcl_interfaces/srv/GetParameters"),
            ("/controller/list_parameters", "rcl_interfaces/srv/ListParameters"),
            ("/controller/set_parameters", "rcl_interfaces/srv/SetParameters"),
            ("/controller/set_parameters_atomically", "rcl_interfaces/srv/SetParametersAtomically"),
        }), "all six, as Jazzy's ros2 param waits for");
    }
}
