using System.Globalization;
using SparshRobot.Cli.Tests.Services;
using SparshRobot.Ros.Transport;
using SparshRobot.Testing;

namespace SparshRobot.Cli.Tests.Node;

[Category("dds")]
[Category("slow")]
[Parallelizable]
public class NodeListTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    /// <summary>The node is started as the README says, without naming a transport: DDS is the default, so DDS
    /// discovery from another process sees it.</summary>
    [Test]
    public void ListsANodeRunningInAnotherProcessByItsRemappedName()
    {
        var domain = new DdsDomain().Id.ToString(CultureInfo.InvariantCulture);
        var start = CliProcess.StartInfo("run", "sparsh_robot", "relay", "--ros-args",
            "-p", "type:=std_msgs/msg/String", "-r", "__node:=tactile_relay", "-r", "__ns:=/robot");
        start.Environment.Remove(TransportFactory.EnvironmentVariable);
        start.Environment["ROS_DOMAIN_ID"] = domain;
        start.Environment["ROS_AUTOMATIC_DISCOVERY_RANGE"] = "LOCALHOST";
        using var relay = CliProcess.Start(start);
        relay.OutputDataReceived += (_, _) => { };
        relay.BeginOutputReadLine();
        try
        {
            // The relay may still be starting (JIT, discovery) on a loaded machine: ask again a few times.
            // Its topics plus the six parameter services (a reader and a writer each) and /parameter_events.
            const string expected = "/robot/tactile_relay (7 readers, 8 writers)";
            var (code, output, error) = (0, "", "");
            for (var attempt = 0; attempt < 5 && !output.Contains(expected, StringComparison.Ordinal); attempt++)
            {
                (code, output, error) = CliProcess.Run(Timeout, "node", "list", "--endpoints", "--domain-id", domain, "--localhost");
                Assert.That(code, Is.Zero, error);
            }
            Assert.That(output.Split('\n', StringSplitOptions.RemoveEmptyEntries),
                Does.Contain(expected), output + error);
        }
        finally
        {
            relay.Kill();
            relay.WaitForExit(Timeout);
        }
    }
}
