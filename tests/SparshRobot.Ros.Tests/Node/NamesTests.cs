using SparshRobot.Ros.Node;

namespace SparshRobot.Ros.Tests.Node;

[TestFixture]
public class NamesTests
{
    // Cases from the ROS 2 design article "Topic and Service name mapping" / rcl expand_topic_name tests.
    [TestCase("ping", "my_node", "/", "/ping")]
    [TestCase("ping", "my_node", "/my_ns", "/my_ns/ping")]
    [TestCase("/ping", "my_node", "/my_ns", "/ping")]
    [TestCase("~", "my_node", "/my_ns", "/my_ns/my_node")]
    [TestCase("~/ping", "my_node", "/", "/my_node/ping")]
    [TestCase("~/ping", "my_node", "/my_ns", "/my_ns/my_node/ping")]
    [TestCase("{node}/chatter", "my_node", "/my_ns", "/my_ns/my_node/chatter")]
    [TestCase("{ns}/chatter", "my_node", "/", "/chatter")]
    [TestCase("{ns}/chatter", "my_node", "/my_ns", "/my_ns/chatter")]
    [TestCase("foo/bar", "n", "a/b", "/a/b/foo/bar")]
    public void ExpandsAsRcl(string name, string node, string ns, string expected) =>
        Assert.That(Names.ExpandTopicName(name, node, ns), Is.EqualTo(expected));

    [TestCase("")]
    [TestCase("foo//bar")]
    [TestCase("foo/")]
    [TestCase("1foo")]
    [TestCase("foo/~bar")]
    [TestCase("foo bar")]
    [TestCase("{bogus}/x")]
    public void RejectsInvalidTopicNames(string name) =>
        Assert.Throws<ArgumentException>(() => Names.ExpandTopicName(name, "n", "/"));

    [TestCase("my-node")]
    [TestCase("9lives")]
    [TestCase("")]
    [TestCase("a/b")]
    public void RejectsInvalidNodeNames(string name) =>
        Assert.Throws<ArgumentException>(() => Names.ValidateNodeName(name));
}
