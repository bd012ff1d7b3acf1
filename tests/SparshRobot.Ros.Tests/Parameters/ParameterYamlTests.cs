using SparshRobot.Ros.Node;
using SparshRobot.Ros.Parameters;
using SparshRobot.Ros.Transport;

namespace SparshRobot.Ros.Tests.Parameters;

[TestFixture]
[Category("dds")]
public class ParameterYamlTests
{
    private const string Example = """
        /sensors/front_cam:
          ros__parameters:
            fps: 15
            rate: 15.0
            name: "15"
            roi: [0, 0, 640, 480]
            gains: [1.0, 2.5]
            labels: [a, b]
            flags: [true, false]
            exposure:
              auto: true
              limits:
                max: 0.5
        /sensors:
          rear_cam:
            ros__parameters:
              fps: 30
        /**:
          ros__parameters:
            use_sim_time: false
        """;

    [Test]
    public void TypesScalarsListsAndNestedNamesAsRcl()
    {
        var overrides = ParameterYaml.Parse(Example, "cams.yaml");
        ParameterValue Value(string node, string name) => overrides.Single(o => o.NodePattern == node && o.Name == name).Value;
        Assert.Multiple(() =>
        {
            Assert.That(Value("/sensors/front_cam", "fps"), Is.EqualTo(ParameterValue.Of(15L)));
            Assert.That(Value("/sensors/front_cam", "rate"), Is.EqualTo(ParameterValue.Of(15.0)));
            Assert.That(Value("/sensors/front_cam", "name"), Is.EqualTo(ParameterValue.Of("15")));
            Assert.That(Value("/sensors/front_cam", "roi"), Is.EqualTo(ParameterValue.Of(new long[] { 0, 0, 640, 480 })));
            Assert.That(Value("/sensors/front_cam", "gains"), Is.EqualTo(ParameterValue.Of(new[] { 1.0, 2.5 })));
            Assert.That(Value("/sensors/front_cam", "labels"), Is.EqualTo(ParameterValue.Of(new[] { "a", "b" })));
            Assert.That(Value("/sensors/front_cam", "flags"), Is.EqualTo(ParameterValue.Of(new[] { true, false })));
            Assert.That(Value("/sensors/front_cam", "exposure.auto"), Is.EqualTo(ParameterValue.Of(true)));
            Assert.That(Value("/sensors/front_cam", "exposure.limits.max"), Is.EqualTo(ParameterValue.Of(0.5)));
            Assert.That(Value("/sensors/rear_cam", "fps"), Is.EqualTo(ParameterValue.Of(30L)));
            Assert.That(Value("/**", "use_sim_time"), Is.EqualTo(ParameterValue.Of(false)));
        });
    }

    [Test]
    public void WildcardsMatchLikeRcl()
    {
        var overrides = ParameterYaml.Parse("/**:\n  ros__parameters: {a: 1}\n/*/cam:\n  ros__parameters: {b: 2}\n", "w.yaml");
        var all = overrides.Single(o => o.Name == "a");
        var one = overrides.Single(o => o.Name == "b");
        Assert.That(all.Matches("/x"), Is.True);
        Assert.That(all.Matches("/a/b/c"), Is.True);
        Assert.That(one.Matches("/ns/cam"), Is.True);
        Assert.That(one.Matches("/cam"), Is.False);
        Assert.That(one.Matches("/a/b/cam"), Is.False);
    }

    [TestCase("node:\n  ros__parameters:\n    xs: [1, 2.5]\n", "cfg.yaml:3", "homogeneous")]
    [TestCase("node:\n  ros__parameters:\n    xs: []\n", "cfg.yaml:3", "empty list")]
    [TestCase("node:\n  fps: 3\n", "cfg.yaml:2", "ros__parameters")]
    [TestCase("node: [1, 2]\n", "cfg.yaml:1", "must map")]
    [TestCase("node:\n  ros__parameters:\n    a: [1\n", "cfg.yaml:", "invalid YAML")]
    [TestCase("- a\n- b\n", "cfg.yaml:1", "top level")]
    public void BadFilesAreRejectedWithFileAndLine(string yaml, string location, string reason)
    {
        var e = Assert.Throws<ParameterFormatException>(() => ParameterYaml.Parse(yaml, "cfg.yaml"));
        Assert.That(e!.Message, Does.Contain(location).And.Contain(reason));
    }

    [Test]
    public void OverrideOfTheWrongTypeIsReportedWithItsSource()
    {
        var args = RosArguments.Parse(["--ros-args", "-p", "fps:=fast"]);
        using var context = new RosContext(new InProcessTransport(), args);
        using var node = new RosNode(context, "cam");
        var e = Assert.Throws<ParameterTypeException>(() => node.DeclareParameter("fps", 30L));
        Assert.That(e!.Message, Does.Contain("'fps'").And.Contain("expects integer").And.Contain("-p fps:=fast").And.Contain("string 'fast'"));
    }

    [Test]
    public void IntegerIsNotSilentlyWidenedToDouble()
    {
        var overrides = ParameterYaml.Parse("/cam:\n  ros__parameters:\n    gain: 2\n", "g.yaml");
        var store = new ParameterStore("/cam", overrides);
        var e = Assert.Throws<ParameterTypeException>(() => store.Declare("gain", 1.0));
        Assert.That(e!.Message, Does.Contain("g.yaml:3").And.Contain("expects double").And.Contain("integer '2'"));
    }

    [Test]
    public void SetChecksTypeAndReadOnlyAndDeclaration()
    {
        var store = new ParameterStore("/n", []);
        store.Declare("rate", 10.0);
        store.Declare("id", "abc", readOnly: true);
        store.Set("rate", ParameterValue.Of(20.0));
        Assert.That(store.Get<double>("rate"), Is.EqualTo(20.0));
        Assert.Throws<ParameterTypeException>(() => store.Set("rate", ParameterValue.Of("x")));
        Assert.Throws<ParameterException>(() => store.Set("id", ParameterValue.Of("y")));
        Assert.Throws<ParameterException>(() => store.Get("missing"));
        Assert.Throws<ParameterException>(() => store.Declare("rate", 1.0));
    }

    [TestCase("1", ParameterType.Integer)]
    [TestCase("0x10", ParameterType.Integer)]
    [TestCase("1.5e3", ParameterType.Double)]
    [TestCase(".inf", ParameterType.Double)]
    [TestCase("yes", ParameterType.Bool)]
    [TestCase("hello", ParameterType.String)]
    [TestCase("'1'", ParameterType.String)]
    [TestCase("[1, 2]", ParameterType.IntegerArray)]
    public void CommandLineValuesAreTypedAsYaml(string text, ParameterType type) =>
        Assert.That(ParameterYaml.ParseValue(text, "-p").Type, Is.EqualTo(type));
}
