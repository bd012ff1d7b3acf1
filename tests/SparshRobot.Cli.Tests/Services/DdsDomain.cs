using System.Globalization;
using SparshRobot.Ros.Dds;
using SparshRobot.Ros.Tests.Dds;
using SparshRobot.Testing;

namespace SparshRobot.Cli.Tests.Services;

/// <summary>A localhost DDS domain no other test of this run uses (tests run in parallel), and the CLI run on it.</summary>
internal sealed class DdsDomain
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    public uint Id { get; } = DdsTestSupport.NewDomainId();

    public DdsTransport OpenTransport() => new(new DdsTransportOptions(Id, DiscoveryRange.Localhost));

    /// <summary>Runs <c>sparsh-robot args --domain-id ID --localhost</c>.</summary>
    public (int ExitCode, string Output, string Error) Cli(params string[] args) =>
        CliProcess.Run(Timeout, [.. args, "--domain-id", Id.ToString(CultureInfo.InvariantCulture), "--localhost"]);
}
