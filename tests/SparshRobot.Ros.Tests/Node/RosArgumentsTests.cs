using SparshRobot.Ros.Node;
using SparshRobot.Ros.Parameters;
using SparshRobot.Ros.Transport;
using SparshRobot.Testing;

namespace SparshRobot.Ros.Tests.Node;

[TestFixture]
[Category("dds")]
public class RosArgumentsTests
{
    [Test]
    public void SplitsProgramArgumentsFromRosArguments()
    {
        var args = RosArguments.Parse(["--verbose", "--ros-args", "-r", "__node:=cam", "-r", "__ns:=sensors", "-r", "image:=image_raw", "--", "extra"]);
        Assert.That(args.Unparsed, Is.EqualTo(new[] { "--verbose", "extra" }));
        Assert.That(args.NodeName, Is.EqualTo("cam"));
        Assert.That(args.Namespace, Is.EqualTo("/sensors"));
        Assert.That(args.Remaps, Has.Count.EqualTo(1));
    }

    [Test]
    public void RemapsMatchExpandedNamesAndRespectNodeTargets()
    {
        var args = RosArguments.Parse(["--ros-args", "-r", "image:=image_raw", "-r", "other:odom:=odom_other", "-r", "/abs:=~/private"]);
        Assert.That(args.Remap("/sensors/image", "cam", "/sensors"), Is.EqualTo("/sensors/image_raw"));
        Assert.That(args.Remap("/image", "cam", "/sensors"), Is.EqualTo("/image"), "relative 'from' expands in the node's namespace");
        Assert.That(args.Remap("/odom", "cam", "/"), Is.EqualTo("/odom"), "rule for node 'other' must not apply to 'cam'");
        Assert.That(args.Remap("/odom", "other", "/"), Is.EqualTo("/odom_other"));
        Assert.That(args.Remap("/abs", "cam", "/sensors"), Is.EqualTo("/sensors/cam/private"));
    }

    [Test]
    public void NodeUsesNameNamespaceAndRemapsFromArguments()
    {
        using var context = new RosContext(new InProcessTransport(),
            RosArguments.Parse(["--ros-args", "-r", "__node:=front_cam", "-r", "__ns:=/sensors", "-r", "image:=image_raw"]));
        using var node = new RosNode(context, "camera");
        Assert.That(node.FullyQualifiedName, Is.EqualTo("/sensors/front_cam"));
        Assert.That(node.ResolveTopicName("image"), Is.EqualTo("/sensors/image_raw"));
        Assert.That(node.ResolveTopicName("~/info"), Is.EqualTo("/sensors/front_cam/info"));
    }

    [TestCase("--bogus")]
    [TestCase("-r")]
    [TestCase("-r", "noassign")]
    [TestCase("-p", "x=1")]
    [TestCase("-r", "__node:=bad-name")]
    public void RejectsMalformedRosArguments(params string[] rest) =>
        Assert.Throws<ArgumentException>(() => RosArguments.Parse(["--ros-args", .. rest]));

    [Test]
    public void MissingParamsFileIsReportedWithItsPath()
    {
        var e = Assert.Throws<ParameterFormatException>(() => RosArguments.Parse(["--ros-args", "--params-file", "/nonexistent/p.yaml"]));
        Assert.That(e!.Message, Does.Contain("/nonexistent/p.yaml"));
    }

    [Test]
    public void LaterSourcesOverrideEarlierOnesAndExactNodeKeysBeatWildcards()
    {
        var dir = TestPaths.NewTempDirectory();
        var file = Path.Combine(dir.FullName, "p.yaml");
        File.WriteAllText(file, "/sensors/cam:\n  ros__parameters:\n    fps: 30\n/**:\n  ros__parameters:\n    fps: 10\n    gain: 2.5\n");
        var args = RosArguments.Parse(["--ros-args", "-p", "fps:=5", "--params-file", file, "-p", "cam:gain:=4.0"]);
        using var context = new RosContext(new InProcessTransport(), args);
        using var cam = new RosNode(context, "cam", "/sensors");
        Assert.That(cam.DeclareParameter("fps", 1L), Is.EqualTo(30L), "the file comes after -p fps:=5 and its exact key beats /**");
        Assert.That(cam.DeclareParameter("gain", 0.0), Is.EqualTo(4.0), "-p cam:gain comes last");
        using var other = new RosNode(context, "other");
        Assert.That(other.DeclareParameter("fps", 1L), Is.EqualTo(10L));
        Assert.That(other.DeclareParameter("gain", 0.0), Is.EqualTo(2.5));
    }
}
