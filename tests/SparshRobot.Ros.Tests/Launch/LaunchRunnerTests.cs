using System.Collections.Concurrent;
using SparshRobot.Ros.Launch;
using SparshRobot.Ros.Messages.GeometryMsgs;
using SparshRobot.Ros.Messages.SensorMsgs;
using SparshRobot.Ros.Node;
using SparshRobot.Ros.Tests.Transport;
using SparshRobot.Testing;
using Header = SparshRobot.Ros.Messages.StdMsgs.Header;
using Time = SparshRobot.Ros.Messages.BuiltinInterfaces.Time;

namespace SparshRobot.Ros.Tests.Launch;

[TestFixture]
[Category("dds")]
public class LaunchRunnerTests
{
    private DirectoryInfo _dir = null!;
    private ConcurrentQueue<string> _heard = null!;
    private int _flakyRuns;

    [SetUp]
    public void SetUp()
    {
        _dir = TestPaths.NewTempDirectory("sparsh-launch-run");
        _heard = new ConcurrentQueue<string>();
        _flakyRuns = 0;
    }

    [TearDown]
    public void TearDown() => _dir.Delete(recursive: true);

    private NodeRegistry Registry() => new NodeRegistry()
        .Register("talker", "publishes poses on 'out' at 50 Hz", async c =>
        {
            using var node = new RosNode(c.Context, "talker", options: c.NodeOptions);
            var frame = node.DeclareParameter("frame", "map");
            var pub = node.CreatePublisher<PoseStamped>("out");
            node.Logger.Info($"publishing on {pub.Topic}");
            var i = 0;
            while (!c.Cancellation.IsCancellationRequested)
            {
                pub.Publish(TestMessages.PoseStamped(new Header(new Time(i++, 0), frame), 0, 0, 0, 0, 0, 0, 1));
                await Task.Delay(20, c.Cancellation).ContinueWith(_ => { }, TaskScheduler.Default);
            }
            return 0;
        })
        .Register("listener", "records what arrives on 'in'", c =>
        {
            using var node = new RosNode(c.Context, "listener", options: c.NodeOptions);
            using var executor = new Executor();
            node.CreateSubscription<PoseStamped>("in", m => _heard.Enqueue($"{node.FullyQualifiedName} {m.Header.FrameId}"));
            executor.Add(node);
            executor.Spin(c.Cancellation);
            return Task.FromResult(0);
        })
        .Register("fail", "exits with the code in parameter 'code' after 'after_ms'", async c =>
        {
            using var node = new RosNode(c.Context, "fail", options: c.NodeOptions);
            var code = node.DeclareParameter("code", 3L);
            await Task.Delay((int)node.DeclareParameter("after_ms", 300L));
            node.Logger.Error("giving up");
            return (int)code;
        })
        .Register("flaky", "fails twice, then runs until cancelled", async c =>
        {
            if (Interlocked.Increment(ref _flakyRuns) <= 2)
            {
                return 9;
            }
            await Task.Delay(Timeout.Infinite, c.Cancellation).ContinueWith(_ => { }, TaskScheduler.Default);
            return 0;
        });

    private string Write(string text)
    {
        var path = Path.Combine(_dir.FullName, "test.launch.xml");
        File.WriteAllText(path, text);
        return path;
    }

    [Test]
    public void InProcessNodesTalkAndAFailingNodeStopsTheLaunchWithItsCode()
    {
        var path = Write("""
            <launch>
              <group>
                <push_ros_namespace namespace="robot"/>
                <node pkg="sparsh_robot" exec="talker" name="pose_source">
                  <param name="frame" value="base_link"/>
                  <remap from="out" to="/shared/pose"/>
                </node>
                <node pkg="sparsh_robot" exec="listener" name="sink">
                  <remap from="in" to="/shared/pose"/>
                </node>
              </group>
              <node pkg="sparsh_robot" exec="fail" name="reaper">
                <param name="code" value="7"/>
                <param name="after_ms" value="1500"/>
              </node>
            </launch>
            """);
        var output = new StringWriter();
        var runner = new LaunchRunner(Registry(), LaunchMode.InProcess, TextWriter.Synchronized(output));
        var run = runner.RunAsync(LaunchParser.ParseFile(path), CancellationToken.None);
        Assert.That(run.Wait(TimeSpan.FromSeconds(15)), "the launch did not stop after the failing node");
        Assert.That(run.Result, Is.EqualTo(7));
        Assert.That(_heard, Does.Contain("/robot/sink base_link"));
        var text = output.ToString();
        Assert.That(text, Does.Contain("[pose_source] [INFO]").And.Contain("publishing on /shared/pose"));
        Assert.That(text, Does.Contain("[reaper] [ERROR]").And.Contain("giving up"));
        Assert.That(text, Does.Contain("reaper (").And.Contain("failed with exit code 7"));
    }

    [Test]
    public void RespawnRestartsAFailingNodeInsteadOfStoppingTheLaunch()
    {
        var path = Write("""
            <launch>
              <node pkg="sparsh_robot" exec="flaky" name="flaky" respawn="true" respawn_delay="0.1"/>
            </launch>
            """);
        var output = new StringWriter();
        var runner = new LaunchRunner(Registry(), LaunchMode.InProcess, TextWriter.Synchronized(output));
        using var cancel = new CancellationTokenSource();
        var run = runner.RunAsync(LaunchParser.ParseFile(path), cancel.Token);
        Assert.That(SpinWait.SpinUntil(() => Volatile.Read(ref _flakyRuns) == 3, TimeSpan.FromSeconds(10)), "flaky was not respawned twice");
        Assert.That(run.IsCompleted, Is.False);
        cancel.Cancel();
        Assert.That(run.Wait(TimeSpan.FromSeconds(10)), "cancellation did not stop the launch");
        Assert.That(run.Result, Is.Zero);
        Assert.That(output.ToString(), Does.Contain("flaky exited with code 9; respawning"));
    }

    [Test]
    public void UnknownPackagesAndExecutablesAreRejectedBeforeAnythingStarts()
    {
        var runner = new LaunchRunner(Registry(), LaunchMode.InProcess, TextWriter.Null);
        var path = Write("<launch>\n  <node pkg=\"sparsh_robot\" exec=\"talker\"/>\n  <node pkg=\"turtlesim\" exec=\"turtlesim_node\"/>\n</launch>");
        var e = Assert.Throws<LaunchException>(() => runner.Validate(LaunchParser.ParseFile(path)));
        Assert.That(e!.Message, Does.StartWith($"{path}:3:").And.Contain("turtlesim"));
        path = Write("<launch>\n  <node pkg=\"sparsh_robot\" exec=\"nope\"/>\n</launch>");
        e = Assert.Throws<LaunchException>(() => runner.Validate(LaunchParser.ParseFile(path)));
        Assert.That(e!.Message, Does.StartWith($"{path}:2:").And.Contain("'nope'").And.Contain("talker"));
    }

    [Test]
    public void ExecutablesRunAsPrefixedChildProcessesAndTheirExitCodeStopsTheLaunch()
    {
        var path = Write("""
            <launch>
              <executable cmd="/bin/sh -c 'echo hello from child; exit 4'" name="shell"/>
            </launch>
            """);
        var output = new StringWriter();
        var runner = new LaunchRunner(Registry(), LaunchMode.InProcess, TextWriter.Synchronized(output));
        var exit = runner.RunAsync(LaunchParser.ParseFile(path), CancellationToken.None).GetAwaiter().GetResult();
        Assert.That(exit, Is.EqualTo(4));
        Assert.That(output.ToString(), Does.Contain("[shell] hello from child"));
    }
}
