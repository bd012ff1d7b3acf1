using System.Globalization;

namespace SparshRobot.Ros.Transport;

public enum Reliability
{
    Reliable,
    BestEffort,
}

public enum Durability
{
    Volatile,
    TransientLocal,
}

public enum History
{
    KeepLast,
    KeepAll,
}

/// <summary>
/// The QoS subset ROS 2 profiles set (rmw/qos_profiles.h). Deadline, lifespan and liveliness stay at the rmw defaults
/// (unspecified / automatic), which is what every rclcpp profile uses.
/// </summary>
public sealed record QosProfile(Reliability Reliability, Durability Durability, History History, int Depth)
{
    /// <summary><c>rmw_qos_profile_default</c> (rclcpp <c>QoS(10)</c>): reliable, volatile, keep-last 10.</summary>
    public static QosProfile Default { get; } = new(Reliability.Reliable, Durability.Volatile, History.KeepLast, 10);

    /// <summary><c>rmw_qos_profile_sensor_data</c>: best effort, volatile, keep-last 5.</summary>
    public static QosProfile SensorData { get; } = new(Reliability.BestEffort, Durability.Volatile, History.KeepLast, 5);

    /// <summary><c>rmw_qos_profile_parameters</c> / <c>parameter_events</c>: reliable, volatile, keep-last 1000.</summary>
    public static QosProfile Parameters { get; } = new(Reliability.Reliable, Durability.Volatile, History.KeepLast, 1000);

    /// <summary><c>rmw_qos_profile_services_default</c>: reliable, volatile, keep-last 10.</summary>
    public static QosProfile ServicesDefault { get; } = new(Reliability.Reliable, Durability.Volatile, History.KeepLast, 10);

    /// <summary>Latched topics such as <c>/tf_static</c>: reliable, transient local, keep-last 1.</summary>
    public static QosProfile Latched { get; } = new(Reliability.Reliable, Durability.TransientLocal, History.KeepLast, 1);

    /// <summary>The number of samples kept per endpoint; KEEP_ALL is unbounded.</summary>
    public int EffectiveDepth => History == History.KeepAll ? int.MaxValue : Math.Max(Depth, 1);

    /// <summary>
    /// Whether a writer offering <paramref name="offered"/> matches a reader requesting <paramref name="requested"/>,
    /// by the DDS request/offer rules: reliable readers need reliable writers, transient-local readers need
    /// transient-local writers.
    /// </summary>
    public static bool AreCompatible(QosProfile offered, QosProfile requested, out string? reason)
    {
        if (requested.Reliability == Reliability.Reliable && offered.Reliability == Reliability.BestEffort)
        {
            reason = "the reader requests RELIABLE but the writer offers BEST_EFFORT";
            return false;
        }
        if (requested.Durability == Durability.TransientLocal && offered.Durability == Durability.Volatile)
        {
            reason = "the reader requests TRANSIENT_LOCAL but the writer offers VOLATILE";
            return false;
        }
        reason = null;
        return true;
    }

    /// <summary>
    /// Parses a profile name (<c>default</c>, <c>sensor_data</c>, <c>parameters</c>, <c>services_default</c>,
    /// <c>latched</c>) optionally followed by comma-separated overrides: <c>reliable</c>, <c>best_effort</c>,
    /// <c>volatile</c>, <c>transient_local</c>, <c>keep_all</c>, <c>keep_last:N</c> / <c>depth:N</c>.
    /// Example: <c>sensor_data,depth:1</c> or <c>reliable,transient_local,keep_last:1</c>.
    /// </summary>
    public static QosProfile Parse(string text)
    {
        var parts = text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length == 0)
        {
            throw new FormatException("empty QoS specification");
        }
        var profile = ByName(parts[0]) ?? Default;
        var first = ByName(parts[0]) is null ? 0 : 1;
        foreach (var part in parts[first..])
        {
            var (key, value) = part.Split(':', 2) is [var k, var v] ? (k, v) : (part, null);
            profile = key switch
            {
                "reliable" => profile with { Reliability = Reliability.Reliable },
                "best_effort" => profile with { Reliability = Reliability.BestEffort },
                "volatile" => profile with { Durability = Durability.Volatile },
                "transient_local" => profile with { Durability = Durability.TransientLocal },
                "keep_all" => profile with { History = History.KeepAll },
                "keep_last" or "depth" => profile with { History = History.KeepLast, Depth = ParseDepth(part, value) },
                _ => throw new FormatException(
                    $"QoS '{text}': unknown item '{part}' (expected default, sensor_data, parameters, services_default, latched, reliable, best_effort, volatile, transient_local, keep_all, keep_last:N or depth:N)"),
            };
        }
        return profile;
    }

    private static QosProfile? ByName(string name) => name switch
    {
        "default" => Default,
        "sensor_data" => SensorData,
        "parameters" or "parameter_events" => Parameters,
        "services_default" => ServicesDefault,
        "latched" => Latched,
        _ => null,
    };

    private static int ParseDepth(string part, string? value) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var depth) && depth > 0
            ? depth
            : throw new FormatException($"QoS item '{part}': the depth must be a positive integer");

    public override string ToString() =>
        $"{(Reliability == Reliability.Reliable ? "reliable" : "best_effort")},{(Durability == Durability.Volatile ? "volatile" : "transient_local")},{(History == History.KeepAll ? "keep_all" : $"keep_last:{Depth}")}";
}
