using System.Globalization;
using System.Security;

namespace SparshRobot.Ros.Dds;

/// <summary>How far discovery reaches, as Jazzy's <c>ROS_AUTOMATIC_DISCOVERY_RANGE</c>.</summary>
public enum DiscoveryRange
{
    /// <summary>Cyclone's defaults: multicast discovery on the default interface.</summary>
    Subnet,

    /// <summary>Only this machine: loopback interface, no multicast, unicast discovery to localhost participant indices.</summary>
    Localhost,
}

/// <summary>The Cyclone DDS XML configuration for a domain, mirroring what rmw_cyclonedds_cpp generates.</summary>
public static class DdsDomainConfig
{
    /// <summary>
    /// Binds discovery and data to one interface address; 127.0.0.1 is Humble's <c>ROS_LOCALHOST_ONLY=1</c>.
    /// </summary>
    public static string ForInterface(string address) =>
        $"<CycloneDDS><Domain id=\"any\"><General><Interfaces><NetworkInterface address=\"{SecurityElement.Escape(address)}\"/></Interfaces></General></Domain></CycloneDDS>";

    /// <summary>Loopback only, without further discovery settings (works where <c>lo</c> is multicast-capable).</summary>
    public static string Loopback => ForInterface("127.0.0.1");

    /// <summary>
    /// Jazzy's <c>LOCALHOST</c> range: loopback, no multicast, and unicast discovery to the participant indices of
    /// this host. Needed where <c>lo</c> has no MULTICAST flag (Cyclone then cannot use SPDP multicast at all).
    /// </summary>
    public static string LocalhostOnly =>
        "<CycloneDDS><Domain id=\"any\"><General><Interfaces><NetworkInterface address=\"127.0.0.1\"/></Interfaces>" +
        "<AllowMulticast>false</AllowMulticast></General>" +
        "<Discovery><ParticipantIndex>auto</ParticipantIndex><MaxAutoParticipantIndex>32</MaxAutoParticipantIndex>" +
        "<Peers><Peer address=\"127.0.0.1\"/></Peers></Discovery></Domain></CycloneDDS>";

    /// <summary>The configuration for a range, with <c>$CYCLONEDDS_URI</c> appended as rmw does (later settings win).</summary>
    public static string For(DiscoveryRange range, string? cycloneUri = null)
    {
        var generated = range == DiscoveryRange.Localhost ? LocalhostOnly : "";
        if (string.IsNullOrWhiteSpace(cycloneUri))
        {
            return generated;
        }
        return generated.Length == 0 ? cycloneUri : generated + "," + cycloneUri;
    }

    /// <summary>
    /// <c>ROS_DOMAIN_ID</c> (default 0) as ROS 2 reads it; a value outside 0..232 is an error naming the variable.
    /// </summary>
    public static uint DomainIdFromEnvironment()
    {
        var text = Environment.GetEnvironmentVariable("ROS_DOMAIN_ID");
        if (string.IsNullOrWhiteSpace(text))
        {
            return 0;
        }
        return uint.TryParse(text.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var id) && id <= 232
            ? id
            : throw new FormatException($"ROS_DOMAIN_ID='{text}' is not a domain id in 0..232");
    }

    /// <summary>
    /// The range from <c>ROS_AUTOMATIC_DISCOVERY_RANGE</c> (Jazzy: SUBNET, LOCALHOST) or <c>ROS_LOCALHOST_ONLY=1</c>
    /// (Humble). OFF and SYSTEM_DEFAULT are not supported and are reported as errors.
    /// </summary>
    public static DiscoveryRange RangeFromEnvironment()
    {
        var range = Environment.GetEnvironmentVariable("ROS_AUTOMATIC_DISCOVERY_RANGE");
        if (!string.IsNullOrWhiteSpace(range))
        {
            return range.Trim().ToUpperInvariant() switch
            {
                "SUBNET" => DiscoveryRange.Subnet,
                "LOCALHOST" => DiscoveryRange.Localhost,
                _ => throw new FormatException($"ROS_AUTOMATIC_DISCOVERY_RANGE='{range}' is not supported (expected SUBNET or LOCALHOST)"),
            };
        }
        return Environment.GetEnvironmentVariable("ROS_LOCALHOST_ONLY") == "1" ? DiscoveryRange.Localhost : DiscoveryRange.Subnet;
    }
}
