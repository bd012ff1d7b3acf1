using SparshRobot.Ros.Transport;

namespace SparshRobot.Ros.Services;

internal static class ServiceQos
{
    /// <summary>
    /// The QoS our service endpoints use: the caller's reliability and durability (which decide matching), with
    /// keep-all history. History is local in DDS and never affects matching, and with rmw's keep-last 10 a burst
    /// of calls from several clients overwrites requests (and, on the shared reply topic, other clients' replies)
    /// before they are taken.
    /// </summary>
    public static QosProfile Local(QosProfile qos) => qos with { History = History.KeepAll };
}
