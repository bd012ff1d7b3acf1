using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using SparshRobot.Ros.Dds;
using SparshRobot.Ros.Transport;
using SparshRobot.Testing;

namespace SparshRobot.Cli.Tests.Launch;

/// <summary>
/// <c>sparsh-robot launch</c> for real, in its default mode (processes): the launcher starts the relay node as its
/// own <c>sparsh-robot run</c> process, which joins DDS from the inherited ROS_DOMAIN_ID; this test talks to it over
/// DDS.
/// </summary>
[TestFixture]
[Category("dds")]
public class LaunchProcessModeTests
{
    [Test]
    public void ByDefaultTheRelayNodeRunsAsChildProcessOverDdsAndStopsOnSigterm()
    {
        var domain = (uint)Random.Shared.Next(100, 200);
        var dir = TestPaths.NewTempDirectory("sparsh-cli-launch");
        var file = Path.Combine(dir.FullName, "relay.launch.xml");
        File.WriteAllText(file, """
            <launch>
              <arg name="type" default="std_msgs/msg/String"/>
              <node pkg="sparsh_robot" exec="relay" name="bridge">
                <param name="type" value="$(var type)"/>
                <remap from="in" to="/proc/in"/>
                <remap from="out" to="/proc/out"/>
              </node>
            </launch>
            """);
        var info = CliProcess.StartInfo("launch", file);
        info.Environment.Remove(TransportFactory.EnvironmentVariable);
        info.Environment["ROS_DOMAIN_ID"] = domain.ToString(CultureInfo.InvariantCulture);
        info.Environment["ROS_AUTOMATIC_DISCOVERY_RANGE"] = "LOCALHOST";
        using var launch = CliProcess.Start(info);
        var stdout = launch.StandardOutput.ReadToEndAsync();
        var stderr = launch.StandardError.ReadToEndAsync();
        try
        {
            using var transport = new DdsTransport(new DdsTransportOptions(domain, DiscoveryRange.Localhost));
            var received = new ConcurrentQueue<byte[]>();
            using var sub = transport.SubscribeRaw("/proc/out", "std_msgs/msg/String", QosProfile.Default, m => received.Enqueue(m.Data.ToArray()));
            using var pub = transport.CreateRawWriter("/proc/in", "std_msgs/msg/String", QosProfile.Default);
            byte[] hello = [0x00, 0x01, 0x00, 0x00, 0x06, 0x00, 0x00, 0x00, (byte)'h', (byte)'e', (byte)'l', (byte)'l', (byte)'o', 0x00];
            Assert.That(SpinWait.SpinUntil(() => pub.MatchedSubscriptions > 0 || launch.HasExited, TimeSpan.FromSeconds(60)) && !launch.HasExited,
                $"the relay process never subscribed; launch output: {(launch.HasExited ? stdout.Result + stderr.Result : "(running)")}");
            pub.Write(hello);
            Assert.That(SpinWait.SpinUntil(() => !received.IsEmpty, TimeSpan.FromSeconds(15)), "nothing came back through the relay");
            Assert.That(received.First(), Is.EqualTo(hello));
        }
        finally
        {
            _ = Kill(launch.Id, 15); // SIGTERM: SIGINT is ignored when the test run itself was started in the background
            if (!launch.WaitForExit(TimeSpan.FromSeconds(20)))
            {
                launch.Kill(entireProcessTree: true);
                Assert.Fail("launch did not stop on SIGTERM");
            }
            dir.Delete(recursive: true);
        }
        Assert.That(launch.ExitCode, Is.Zero, stderr.Result);
        Assert.That(stdout.Result, Does.Contain("[bridge]").And.Contain("relaying /proc/in -> /proc/out"));
    }

    [Test]
    public void BadLaunchFileFailsWithFileAndLine()
    {
        var dir = TestPaths.NewTempDirectory("sparsh-cli-launch");
        var file = Path.Combine(dir.FullName, "bad.launch.xml");
        File.WriteAllText(file, "<launch>\n  <node pkg=\"sparsh_robot\" exec=\"relay\"/>\n  <nodee/>\n</launch>");
        var error = new StringWriter();
        var original = Console.Error;
        Console.SetError(error);
        try
        {
            var code = SparshCli.Build().Parse(["launch", file]).Invoke();
            Assert.That(code, Is.EqualTo(2));
        }
        finally
        {
            Console.SetError(original);
            dir.Delete(recursive: true);
        }
        Assert.That(error.ToString(), Does.Contain($"{file}:3:").And.Contain("<nodee>"));
    }

    [DllImport("libc", EntryPoint = "kill")]
    private static extern int Kill(int pid, int signal);
}
