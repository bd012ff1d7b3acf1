using SparshRobot.Core.Geometry;
using SparshRobot.Core.Kinematics;

namespace SparshRobot.Core.Tests.Kinematics;

public class ChainFileTests
{
    private const string TwoJoints = """
        base_frame: base
        tool_frame: tip
        joints:
          - name: shoulder
            origin: {xyz: [0, 0, 0.5], rpy: [0, 0, 0]}
            axis: [0, 0, 1]
            limits: {lower: -3, upper: 3, velocity: 2}
          - name: elbow
            origin: {xyz: [0.4, 0, 0], rpy: [1.5707963267948966, 0, 0]}
            axis: [0, 0, 1]
            limits: {lower: -2, upper: 2, velocity: 2}
        tool:
          - origin: {xyz: [0.3, 0, 0]}
        home: [0, 0]
        """;

    [Test]
    public void AUrdfStyleChainPlacesItsToolWhereTheOriginsSay()
    {
        var chain = ChainFile.Parse(TwoJoints, "two.yaml");
        Assert.That(chain.JointNames, Is.EqualTo(new[] { "shoulder", "elbow" }));
        Assert.That(chain.Forward([0, 0]).Position, Is.EqualTo(new Vec3(0.7, 0, 0.5)));
        // The elbow's axis is the world's -y after the origin's roll: turning it by +90 degrees lifts the forearm.
        var lifted = chain.Forward([0, Math.PI / 2]).Position;
        Assert.That((lifted - new Vec3(0.4, 0, 0.8)).Norm, Is.LessThan(1e-12));
        var turned = chain.Forward([Math.PI / 2, 0]).Position;
        Assert.That((turned - new Vec3(0, 0.7, 0.5)).Norm, Is.LessThan(1e-12));
    }

    [TestCase("upper: 3", "upper: -4", "joints[0] (shoulder).limits", "lower < upper")]
    [TestCase("velocity: 2}\n  - name: elbow", "velocity: 0}\n  - name: elbow", "joints[0] (shoulder).limits.velocity", "positive speed")]
    [TestCase("  - name: elbow\n    origin: {xyz: [0.4, 0, 0], rpy: [1.5707963267948966, 0, 0]}\n    axis: [0, 0, 1]",
        "  - name: elbow\n    origin: {xyz: [0.4, 0, 0], rpy: [1.5707963267948966, 0, 0]}\n    axis: [0, 0, 0]", "joints[1] (elbow).axis", "not all zero")]
    [TestCase("    axis: [0, 0, 1]\n    limits: {lower: -2", "    limits: {lower: -2", "joints[1] (elbow).axis", "3 finite numbers")]
    [TestCase("home: [0, 0]", "home: [0]", "home", "2 finite joint positions")]
    [TestCase("home: [0, 0]", "home: [0, 2.5]", "home[1] (elbow)", "within the joint's limits")]
    [TestCase("origin: {xyz: [0, 0, 0.5], rpy: [0, 0, 0]}", "dh: {a: 0, d: 0.5, alpha: 0}\n    origin: {xyz: [0, 0, 0.5]}", "joints[0] (shoulder)", "not both")]
    [TestCase("- name: elbow", "- name: shoulder", "joints", "'shoulder' appears more than once")]
    [TestCase("tool_frame: tip", "tool_frame: ''", "tool_frame", "the frame the chain ends in")]
    [TestCase("limits: {lower: -3, upper: 3, velocity: 2}", "limits: {lower: -3, upper: 3, velocity: fast}", "limits", "lower, upper, velocity")]
    [TestCase("joints:", "jionts:", "jionts", "did you mean `joints`")]
    public void AMalformedChainIsRefusedNamingTheFileAndTheField(string replace, string with, string field, string expected)
    {
        var yaml = TwoJoints.Replace(replace, with, StringComparison.Ordinal);
        Assert.That(yaml, Is.Not.EqualTo(TwoJoints), "the case must change the document");
        Assert.That(() => ChainFile.Parse(yaml, "cell/chain.yaml"),
            Throws.InstanceOf<InvalidDataException>().With.Message.StartsWith("cell/chain.yaml").And.Message.Contains(field).And.Message.Contains(expected));
    }

    [Test]
    public void AMissingFileIsNamed()
    {
        Assert.That(() => ChainFile.Load("/nonexistent/panda.yaml"), Throws.InstanceOf<FileNotFoundException>().With.Message.Contains("/nonexistent/panda.yaml"));
    }
}
