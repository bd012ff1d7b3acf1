using SparshRobot.Ros.Launch;
using SparshRobot.Ros.Node;
using SparshRobot.Ros.Parameters;
using SparshRobot.Testing;

namespace SparshRobot.Ros.Tests.Launch;

[TestFixture]
[Category("dds")]
public class LaunchParserTests
{
    private DirectoryInfo _dir = null!;

    [SetUp]
    public void CreateDirectory() => _dir = TestPaths.NewTempDirectory("sparsh-launch-test");

    [TearDown]
    public void DeleteDirectory() => _dir.Delete(recursive: true);

    private string Write(string name, string text)
    {
        var path = Path.Combine(_dir.FullName, name);
        File.WriteAllText(path, text);
        return path;
    }

    [Test]
    public void ExpandsArgsLetsEnvGroupsNamespacesAndIncludes()
    {
        Environment.SetEnvironmentVariable("SPARSH_LAUNCH_TEST_RATE", "25");
        Write("cam.yaml", "/**:\n  ros__parameters:\n    exposure: 0.01\n");
        Write("child.launch.xml", """
            <launch>
              <arg name="robot"/>
              <arg name="side" default="left"/>
              <node pkg="sparsh_robot" exec="listener" name="$(var side)_listener" namespace="$(var robot)">
                <remap from="in" to="/global/out"/>
              </node>
            </launch>
            """);
        var main = Write("main.launch.xml", """
            <launch>
              <arg name="cam_ns" default="sensors"/>
              <let name="fps" value="15"/>
              <group>
                <push_ros_namespace namespace="$(var cam_ns)"/>
                <let name="fps" value="30"/>
                <node pkg="sparsh_robot" exec="talker" name="front_cam" args="--verbose 'two words'">
                  <param name="fps" value="$(var fps)"/>
                  <param name="rate" value="$(env SPARSH_LAUNCH_TEST_RATE)"/>
                  <param name="label" value="$(env SPARSH_LAUNCH_TEST_UNSET fallback)"/>
                  <param name="exposure"><param name="auto" value="true"/><param name="gain" value="1.5"/></param>
                  <param name="ids" value="1,2,3" value-sep=","/>
                  <param name="code" value="007" type="str"/>
                  <param from="$(dirname)/cam.yaml"/>
                  <remap from="image" to="image_raw"/>
                </node>
              </group>
              <node pkg="sparsh_robot" exec="talker" name="after" if="$(var enabled)"/>
              <node pkg="sparsh_robot" exec="talker" name="skipped" unless="true"/>
              <include file="child.launch.xml">
                <arg name="robot" value="r$(var fps)"/>
              </include>
            </launch>
            """);
        var description = LaunchParser.ParseFile(main, new Dictionary<string, string> { ["enabled"] = "true" });
        var nodes = description.Actions.Cast<LaunchNode>().ToList();
        Assert.That(nodes.Select(n => n.Name), Is.EqualTo(new[] { "front_cam", "after", "left_listener" }));

        var cam = nodes[0];
        Assert.That(cam.Namespace, Is.EqualTo("/sensors"));
        Assert.That(cam.Arguments, Is.EqualTo(new[] { "--verbose", "two words" }));
        var values = cam.Parameters.Where(p => p.Name is not null).ToDictionary(p => p.Name!, p => p.Value!);
        Assert.That(values["fps"], Is.EqualTo(ParameterValue.Of(30L)), "the group's let shadows the outer one");
        Assert.That(values["rate"], Is.EqualTo(ParameterValue.Of(25L)));
        Assert.That(values["label"], Is.EqualTo(ParameterValue.Of("fallback")));
        Assert.That(values["exposure.auto"], Is.EqualTo(ParameterValue.Of(true)));
        Assert.That(values["exposure.gain"], Is.EqualTo(ParameterValue.Of(1.5)));
        Assert.That(values["ids"], Is.EqualTo(ParameterValue.Of(new long[] { 1, 2, 3 })));
        Assert.That(values["code"], Is.EqualTo(ParameterValue.Of("007")));
        Assert.That(cam.Parameters.Single(p => p.FromFile is not null).FromFile, Is.EqualTo(Path.Combine(_dir.FullName, "cam.yaml")));

        Assert.That(nodes[1].Namespace, Is.Null, "the group's namespace must not leak out of it");
        var listener = nodes[2];
        Assert.That(listener.Namespace, Is.EqualTo("/r15"), "outside the group fps is 15 again");
        Assert.That(listener.Remaps, Is.EqualTo(new[] { ("in", "/global/out") }));
    }

    [Test]
    public void CommandLineExpandsLikeLaunchRosAndRoundTripsThroughRosArguments()
    {
        var main = Write("a.launch.xml", """
            <launch>
              <node pkg="sparsh_robot" exec="talker" name="cam" namespace="/sensors" args="--x">
                <param name="fps" value="15"/>
                <param name="name" value="front"/>
                <remap from="image" to="image_raw"/>
              </node>
            </launch>
            """);
        var node = (LaunchNode)LaunchParser.ParseFile(main).Actions.Single();
        var argv = node.CommandLine(_dir);
        Assert.That(argv.Take(6), Is.EqualTo(new[] { "--x", "--ros-args", "-r", "__node:=cam", "-r", "__ns:=/sensors" }));
        Assert.That(argv[6], Is.EqualTo("--params-file"));
        Assert.That(File.ReadAllText(argv[7]), Does.StartWith("\"/sensors/cam\":\n  ros__parameters:"));
        Assert.That(argv.TakeLast(2), Is.EqualTo(new[] { "-r", "image:=image_raw" }));

        using var context = new RosContext(new Ros.Transport.InProcessTransport(), RosArguments.Parse(argv));
        using var ros = new RosNode(context, "placeholder");
        Assert.That(ros.FullyQualifiedName, Is.EqualTo("/sensors/cam"));
        Assert.That(ros.DeclareParameter("fps", 1L), Is.EqualTo(15L));
        Assert.That(ros.DeclareParameter("name", "x"), Is.EqualTo("front"));
        Assert.That(ros.ResolveTopicName("image"), Is.EqualTo("/sensors/image_raw"));
    }

    [TestCase("<launch>\n  <nodes pkg=\"x\"/>\n</launch>", 2, "unknown tag <nodes>")]
    [TestCase("<launch>\n  <node pkg=\"sparsh_robot\" exec=\"t\">\n    <parm name=\"a\" value=\"1\"/>\n  </node>\n</launch>", 3, "unknown tag <parm>")]
    [TestCase("<launch>\n\n  <node pkg=\"sparsh_robot\"/>\n</launch>", 3, "needs attribute 'exec'")]
    [TestCase("<launch>\n  <arg name=\"a\"/>\n</launch>", 2, "argument 'a' has no default")]
    [TestCase("<launch>\n  <let name=\"a\" value=\"$(var b)\"/>\n</launch>", 2, "$(var b)")]
    [TestCase("<launch>\n  <let name=\"a\" value=\"$(find-pkg-share x)\"/>\n</launch>", 2, "'$(find-pkg-share ...)' is not supported")]
    [TestCase("<launch>\n  <let name=\"a\" value=\"$(var b\"/>\n</launch>", 2, "unterminated")]
    [TestCase("<launch>\n  <node pkg=\"sparsh_robot\" exec=\"t\" color=\"red\"/>\n</launch>", 2, "unknown attribute 'color'")]
    [TestCase("<launch>\n  <node pkg=\"sparsh_robot\" exec=\"t\" name=\"bad-name\"/>\n</launch>", 2, "bad-name")]
    [TestCase("<launch>\n  <node pkg=\"sparsh_robot\" exec=\"t\" if=\"maybe\"/>\n</launch>", 2, "expected true or false")]
    [TestCase("<launch>\n  <include file=\"missing.launch.xml\"/>\n</launch>", 2, "does not exist")]
    [TestCase("<launch>\n  <node pkg=\"sparsh_robot\" exec=\"t\"\n</launch>", 3, "not well-formed")]
    [TestCase("<robot/>", 1, "root element must be <launch>")]
    public void BadFilesAreRejectedWithLineNumbers(string xml, int line, string reason)
    {
        var path = Write("bad.launch.xml", xml);
        var e = Assert.Throws<LaunchException>(() => LaunchParser.ParseFile(path));
        Assert.That(e!.Message, Does.StartWith($"{path}:{line}:").And.Contain(reason));
    }

    [Test]
    public void ErrorsInsideAnIncludedFileNameThatFile()
    {
        var inner = Write("inner.launch.xml", "<launch>\n  <bogus/>\n</launch>");
        var outer = Write("outer.launch.xml", "<launch>\n  <include file=\"inner.launch.xml\"/>\n</launch>");
        var e = Assert.Throws<LaunchException>(() => LaunchParser.ParseFile(outer));
        Assert.That(e!.Message, Does.StartWith($"{inner}:2:").And.Contain("<bogus>"));
    }

    [Test]
    public void BadParameterFileIsRejectedAtParseTime()
    {
        Write("bad.yaml", "node:\n  ros__parameters:\n    xs: [1, a]\n");
        var path = Write("p.launch.xml", "<launch>\n  <node pkg=\"sparsh_robot\" exec=\"t\">\n    <param from=\"bad.yaml\"/>\n  </node>\n</launch>");
        var e = Assert.Throws<LaunchException>(() => LaunchParser.ParseFile(path));
        Assert.That(e!.Message, Does.StartWith($"{path}:3:").And.Contain("bad.yaml:3").And.Contain("homogeneous"));
    }

    [Test]
    public void RecursiveIncludeIsRejected()
    {
        var path = Write("self.launch.xml", "<launch>\n  <include file=\"self.launch.xml\"/>\n</launch>");
        Assert.That(() => LaunchParser.ParseFile(path), Throws.TypeOf<LaunchException>().With.Message.Contain("recursively"));
    }
}
