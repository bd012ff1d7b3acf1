using SparshRobot.Cli.Tests.Services;
using SparshRobot.Ros.Node;
using SparshRobot.Ros.Parameters;
using SparshRobot.Ros.Tests.Services;
using SparshRobot.Testing;
using Value = SparshRobot.Ros.Parameters.ParameterValue;
using WireValue = SparshRobot.Ros.Messages.RclInterfaces.ParameterValue;

namespace SparshRobot.Cli.Tests.Params;

/// <summary>
/// The param verbs against a node's own parameter services: list, get and set over the wire,
/// answered from its <see cref="ParameterStore"/> (so type checks and read-only are the real ones).
/// </summary>
[FixtureLifeCycle(LifeCycle.InstancePerTestCase)]
[Parallelizable(ParallelScope.All)]
[Category("slow")]
public sealed class ParamCommandTests : IDisposable
{
    private const string Node = "/robot/controller";

    private readonly DdsDomain _domain = new();
    private readonly RosContext _context;
    private readonly SpunNode _server;

    public ParamCommandTests()
    {
        _context = new RosContext(_domain.OpenTransport());
        _server = new SpunNode(_context, "controller", "/robot");
        var store = _server.Node.Parameters;
        store.Declare("gains.kp", Value.Of(5L));
        store.Declare("gains.ki", Value.Of(0.25));
        store.Declare("frame", Value.Of("base link"));
        store.Declare("joints", Value.Of(["j1", "j2"]));
        store.Declare("serial", Value.Of("42"), readOnly: true);
        // The node serves the parameter services itself (every RosNode does).
    }

    private ParameterStore Store => _server.Node.Parameters;

    [Test]
    public void ListsTheNamesSorted()
    {
        var (code, output, error) = _domain.Cli("param", "list", Node);

        Assert.That(code, Is.Zero, error);
        Assert.That(output, Is.EqualTo($"{Node}:\n  frame\n  gains.ki\n  gains.kp\n  joints\n  serial\n"));
    }

    [TestCase("gains.kp", "Integer value is: 5")]
    [TestCase("gains.ki", "Double value is: 0.25")]
    [TestCase("frame", "String value is: base link")]
    [TestCase("joints", "String values are: ['j1', 'j2']")]
    [TestCase("no_such", "Parameter not set")]
    public void GetPrintsLikeRos2(string name, string expected)
    {
        var (code, output, error) = _domain.Cli("param", "get", Node, name);

        Assert.That((code, output.Trim()), Is.EqualTo((0, expected)), error);
    }

    [Test]
    public void SetChangesTheValueAndReportsRefusals()
    {
        var (code, output, error) = _domain.Cli("param", "set", Node, "gains.kp", "7");
        Assert.That((code, output.Trim()), Is.EqualTo((0, "Set parameter successful")), error);
        Assert.That(Store.Get("gains.kp"), Is.EqualTo(Value.Of(7L)));

        (code, output, _) = _domain.Cli("param", "set", Node, "gains.kp", "fast");
        Assert.That(code, Is.EqualTo(1));
        Assert.That(output, Does.StartWith("Setting parameter failed: ").And.Contain("gains.kp"));
        Assert.That(Store.Get("gains.kp"), Is.EqualTo(Value.Of(7L)), "a refused value leaves the old one");

        (code, output, _) = _domain.Cli("param", "set", Node, "serial", "'43'");
        Assert.That(code, Is.EqualTo(1));
        Assert.That(output, Does.StartWith("Setting parameter failed: ").And.Contain("read"));
    }

    [Test]
    public void ListWithoutANodeGroupsEveryNodesParametersByNode()
    {
        using var camera = new SpunNode(_context, "camera", "/other");
        camera.Node.Parameters.Declare("exposure", Value.Of(0.01));

        var (code, output, error) = _domain.Cli("param", "list");

        Assert.That(code, Is.Zero, error);
        Assert.That(output, Is.EqualTo($"/other/camera:\n  exposure\n{Node}:\n  frame\n  gains.ki\n  gains.kp\n  joints\n  serial\n"),
            "sorted by node; the tool's own hidden node is left out");
    }

    [Test]
    public void DescribePrintsTypeDescriptionAndConstraintsLikeRos2()
    {
        Store.Declare(new ParameterDescriptor("rate", ParameterType.Integer, "control loop rate in Hz")
        {
            IntegerRange = new IntegerRange(10, 100, 10),
            AdditionalConstraints = "a multiple of 10",
        }, Value.Of(50L));
        Store.Declare(new ParameterDescriptor("gain", ParameterType.Double) { FloatingPointRange = new FloatingPointRange(0, 2.5) }, Value.Of(1.0));

        var (code, output, error) = _domain.Cli("param", "describe", Node, "rate", "serial", "gain", "joints");

        Assert.That(code, Is.Zero, error);
        Assert.That(output, Is.EqualTo("""
            Parameter name: rate
              Type: integer
              Description: control loop rate in Hz
              Constraints:
                Min value: 10
                Max value: 100
                Step: 10
                Additional constraints: a multiple of 10
            Parameter name: serial
              Type: string
              Constraints:
                Read only: true
            Parameter name: gain
              Type: double
              Constraints:
                Min value: 0.0
                Max value: 2.5
            Parameter name: joints
              Type: string array
              Constraints:

            """.Replace("\r\n", "\n", StringComparison.Ordinal)));
    }

    [Test]
    public void DescribeOfAnUndeclaredNameSaysSo()
    {
        var (code, output, error) = _domain.Cli("param", "describe", Node, "frame", "nope");

        Assert.That((code, output), Is.EqualTo((1, "")));
        Assert.That(error, Does.Contain($"{Node} did not describe frame, nope"));
    }

    [Test]
    public void DeleteUndeclaresADynamicallyTypedParameter()
    {
        Store.Declare(new ParameterDescriptor("scratch", ParameterType.Double) { DynamicTyping = true }, Value.Of(1.5));

        var (code, output, error) = _domain.Cli("param", "delete", Node, "scratch");

        Assert.That((code, output.Trim()), Is.EqualTo((0, "Deleted parameter successfully")), error);
        Assert.That(Store.IsDeclared("scratch"), Is.False);
        (code, output, _) = _domain.Cli("param", "get", Node, "scratch");
        Assert.That((code, output.Trim()), Is.EqualTo((0, "Parameter not set")));
    }

    [TestCase("gains.kp", "cannot undeclare a statically typed parameter")]
    [TestCase("serial", "parameter 'serial' cannot be set because it is read-only")]
    [TestCase("nope", "parameter 'nope' cannot be set because it was not declared")]
    public void DeleteIsRefusedWithRclcppsReason(string name, string reason)
    {
        var before = Store.Names.ToDictionary(n => n, Store.Get);

        var (code, output, error) = _domain.Cli("param", "delete", Node, name);

        Assert.That((code, output, error.Trim()), Is.EqualTo((1, "", $"Deleting parameter failed: {reason}")));
        Assert.That(Store.Names.ToDictionary(n => n, Store.Get), Is.EquivalentTo(before), "nothing changed");
    }

    [Test]
    public void DumpWritesAParametersFileThatReadsBackToTheSameValues()
    {
        var (code, output, error) = _domain.Cli("param", "dump", Node);

        Assert.That(code, Is.Zero, error);
        Assert.That(output, Does.StartWith($"{Node}:\n  ros__parameters:\n    frame: base link\n    gains:\n      ki: 0.25\n      kp: 5\n"));
        var read = ParameterYaml.Parse(output, "dump");
        Assert.That(read.Select(p => p.NodePattern).Distinct(), Is.EqualTo(new[] { Node }));
        Assert.That(read.ToDictionary(p => p.Name, p => p.Value), Is.EquivalentTo(Store.Names.ToDictionary(n => n, Store.Get)),
            "every value comes back with its type (the read-only '42' stays a string)");
    }

    [Test]
    public void LoadSetsTheFilesParametersForThisNodeOneByOne()
    {
        var file = Path.Combine(TestContext.CurrentContext.WorkDirectory, $"params-{Guid.NewGuid():N}.yaml");
        File.WriteAllText(file, $"""
            {Node}:
              ros__parameters:
                gains:
                  kp: 9
                serial: '7'
            /other_node:
              ros__parameters:
                frame: elsewhere
            /**:
              ros__parameters:
                frame: map
            """);
        try
        {
            var (code, output, error) = _domain.Cli("param", "load", Node, file);

            Assert.That(code, Is.EqualTo(1), "one parameter was refused: " + error);
            var lines = ServiceCommandTests.Lines(output);
            Assert.That(lines, Does.Contain("Set parameter gains.kp successful"));
            Assert.That(lines, Does.Contain("Set parameter frame successful"));
            Assert.That(lines.Single(l => l.Contains("serial", StringComparison.Ordinal)), Does.StartWith("Set parameter serial failed: "));
            Assert.That((Store.Get("gains.kp"), Store.Get("frame"), Store.Get("serial")), Is.EqualTo((Value.Of(9L), Value.Of("map"), Value.Of("42"))));
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Test]
    public void LoadOfAFileForOtherNodesSaysSo()
    {
        var file = Path.Combine(TestContext.CurrentContext.WorkDirectory, $"params-{Guid.NewGuid():N}.yaml");
        File.WriteAllText(file, "/other:\n  ros__parameters:\n    a: 1\n");
        try
        {
            var (code, _, error) = _domain.Cli("param", "load", Node, file);

            Assert.That(code, Is.EqualTo(2));
            Assert.That(error, Does.Contain($"sets no parameters for {Node}"));
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Test]
    public void ANodeThatIsNotThereIsNamed()
    {
        var (code, _, error) = _domain.Cli("param", "list", "/nobody", "--timeout", "0.5");

        Assert.That(code, Is.EqualTo(2));
        Assert.That(error, Does.Contain("service /nobody/list_parameters (rcl_interfaces/srv/ListParameters) did not become available within 0.5 s"));
    }

    [TestCase("list", "param list [<node>] [options]")]
    [TestCase("describe", "param describe <node> <parameters>... [options]")]
    [TestCase("delete", "param delete <node> <parameter> [options]")]
    [TestCase("get", "param get <node> <parameter> [options]")]
    [TestCase("set", "param set <node> <parameter> <value> [options]")]
    [TestCase("dump", "param dump <node> [options]")]
    [TestCase("load", "param load <node> <parameter_file> [options]")]
    public void TheVerbIsThere(string verb, string usage)
    {
        var (code, output, error) = CliProcess.Run(TimeSpan.FromSeconds(60), "param", verb, "--help");

        Assert.That(output, Does.Contain(usage), $"exit {code}: {error}");
    }

    public void Dispose()
    {
        _server.Dispose();
        _context.Dispose();
    }
}
