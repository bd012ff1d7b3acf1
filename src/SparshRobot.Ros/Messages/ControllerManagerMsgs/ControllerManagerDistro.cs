namespace SparshRobot.Ros.Messages.ControllerManagerMsgs;

/// <summary>
/// Picks the layout of the controller_manager_msgs types that changed between Humble and Jazzy: the records are
/// generic over <see cref="Humble"/> or <see cref="Jazzy"/>, so each distro's encoding is its own CLR type and both
/// can be used in one process (the registry holds one of them per type name; see <see cref="MessageRegistry.CreateDefault(InterfaceDistro)"/>).
/// </summary>
public interface IControllerManagerDistro
{
    static abstract InterfaceDistro Distro { get; }
}

/// <summary>ros2_control 2.x (Humble) layouts.</summary>
public sealed class Humble : IControllerManagerDistro
{
    private Humble()
    {
    }

    public static InterfaceDistro Distro => InterfaceDistro.Humble;
}

/// <summary>ros2_control 4.28+ (Jazzy) layouts; earlier 4.x releases differ again and are not supported.</summary>
public sealed class Jazzy : IControllerManagerDistro
{
    private Jazzy()
    {
    }

    public static InterfaceDistro Distro => InterfaceDistro.Jazzy;
}

/// <summary>Checks shared by the codecs: a field only one distro has must stay empty when encoding for the other.</summary>
internal static class DistroFields
{
    public static void RequireUnset(bool isSet, InterfaceDistro distro, string typeName, string field)
    {
        if (isSet)
        {
            throw new ArgumentException(
                $"{typeName}: field '{field}' does not exist in the {distro} definition; leave it at its default or use the other distro's type");
        }
    }
}
