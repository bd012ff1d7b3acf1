namespace SparshRobot.Ros.Messages;

/// <summary>
/// Whose definitions to speak for the interfaces whose wire format changed between ROS 2 Humble and Jazzy
/// (controller_manager_msgs' <c>ControllerState</c> and <c>SwitchController</c>, MoveIt Servo's services and status).
/// CDR carries no field names, so both sides must agree on the layout; nothing on the wire says which one a peer uses.
/// </summary>
public enum InterfaceDistro
{
    /// <summary>Jazzy with ros2_control 4.28 or later (and later distros); the built-in registry's choice.</summary>
    Jazzy,

    /// <summary>Humble (ros2_control 2.x, MoveIt Servo's old <c>start_servo</c> API).</summary>
    Humble,
}

public static class InterfaceDistros
{
    /// <summary>
    /// The distro named by <c>$ROS_DISTRO</c> (every ROS 2 setup script exports it): <c>humble</c> is Humble, anything
    /// else (jazzy, kilted, rolling, unset) Jazzy, as <see cref="Dds.Graph.GidLayouts.FromRosDistro"/> decides.
    /// </summary>
    public static InterfaceDistro FromRosDistro(string? rosDistro) =>
        string.Equals(rosDistro?.Trim(), "humble", StringComparison.OrdinalIgnoreCase) ? InterfaceDistro.Humble : InterfaceDistro.Jazzy;

    public static InterfaceDistro FromEnvironment() => FromRosDistro(Environment.GetEnvironmentVariable("ROS_DISTRO"));

    /// <summary>Parses an option value (<c>humble</c> or <c>jazzy</c>, any case); <paramref name="source"/> names it in the error.</summary>
    public static InterfaceDistro Parse(string text, string source) => text.Trim().ToLowerInvariant() switch
    {
        "humble" => InterfaceDistro.Humble,
        "jazzy" => InterfaceDistro.Jazzy,
        _ => throw new FormatException($"{source}: '{text}' is not a ROS 2 interface distro (expected humble or jazzy)"),
    };
}
