using System.Security;

namespace SparshRobot.Ros.Dds;

/// <summary>The Cyclone DDS XML configuration for a domain, mirroring what rmw_cyclonedds_cpp generates.</summary>
public static class DdsDomainConfig
{
    /// <summary>
    /// Binds discovery and data to one interface address; 127.0.0.1 is Humble's <c>ROS_LOCALHOST_ONLY=1</c>.
    /// </summary>
    public static string ForInterface(string address) =>
        $"<CycloneDDS><Domain id=\"any\"><General><Interfaces><NetworkInterface address=\"{SecurityElement.Escape(address)}\"/></Interfaces></General></Domain></CycloneDDS>";

    public static string Loopback => ForInterface("127.0.0.1");
}
