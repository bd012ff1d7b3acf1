namespace SparshRobot.Ros.Messages.Definitions;

/// <summary>
/// ROS interface names. <c>pkg/msg/Type</c>, <c>pkg/srv/Service_Request</c> and <c>pkg/action/Action_Goal</c> are full
/// names of message types; <c>pkg/Type</c> (what <c>.msg</c> files and schema headers use) always means <c>pkg/msg/Type</c>.
/// </summary>
public static class RosTypeName
{
    /// <summary>The namespaces a message type can live in: plain messages and the parts of services and actions.</summary>
    private static readonly string[] Interfaces = ["msg", "srv", "action"];

    /// <summary>
    /// The full name of <paramref name="name"/> as written inside a <c>.msg</c>, <c>.srv</c> or <c>.action</c> of
    /// package <paramref name="package"/>: <c>Header</c> is <c>std_msgs/msg/Header</c> (the ROS convention), other bare
    /// names are messages of the same package.
    /// </summary>
    public static string Resolve(string name, string? package)
    {
        var parts = name.Split('/');
        return parts.Length switch
        {
            1 when name == "Header" => "std_msgs/msg/Header",
            1 when package is not null => $"{package}/msg/{name}",
            1 => throw new MessageDefinitionException($"type '{name}' has no package and there is no enclosing package to resolve it in"),
            2 => $"{parts[0]}/msg/{parts[1]}",
            3 when Interfaces.Contains(parts[1]) => name,
            _ => throw new MessageDefinitionException(
                $"'{name}' is not a message type name (expected Type, pkg/Type, pkg/msg/Type, pkg/srv/Type or pkg/action/Type)"),
        };
    }

    /// <summary>Normalizes <c>pkg/Type</c> to <c>pkg/msg/Type</c>; full names (<c>msg</c>, <c>srv</c>, <c>action</c>) stay as they are.</summary>
    public static string Normalize(string name)
    {
        var parts = name.Split('/');
        if (parts.Length is < 2 or > 3 || parts.Any(string.IsNullOrWhiteSpace) || (parts.Length == 3 && !Interfaces.Contains(parts[1])))
        {
            throw new ArgumentException(
                $"'{name}' is not a ROS message type name (expected pkg/msg/Type, pkg/srv/Type, pkg/action/Type or pkg/Type)", nameof(name));
        }
        return parts.Length == 3 ? name : $"{parts[0]}/msg/{parts[1]}";
    }

    /// <summary>Normalizes a service name, <c>pkg/srv/Service</c> or <c>pkg/Service</c>, to <c>pkg/srv/Service</c>.</summary>
    public static string NormalizeService(string name) => NormalizeInterface(name, "srv");

    /// <summary>Normalizes an action name, <c>pkg/action/Action</c> or <c>pkg/Action</c>, to <c>pkg/action/Action</c>.</summary>
    public static string NormalizeAction(string name) => NormalizeInterface(name, "action");

    public static string Package(string fullName) => fullName[..fullName.IndexOf('/')];

    /// <summary>
    /// <c>pkg/msg/Type</c> to <c>pkg/Type</c>, as in a schema's <c>MSG:</c> line. Service and action parts keep their
    /// full name, since the short form would read back as a message.
    /// </summary>
    public static string Short(string fullName)
    {
        var parts = fullName.Split('/');
        return parts.Length == 3 && parts[1] == "msg" ? $"{parts[0]}/{parts[2]}" : fullName;
    }

    /// <summary>
    /// The service or action a part type belongs to: <c>pkg/{kind}/Name</c> from <c>pkg/{kind}/Name{suffix}</c>
    /// (<c>pkg/srv/AddTwoInts</c> from <c>pkg/srv/AddTwoInts_Request</c>), or an error naming the part's type.
    /// </summary>
    public static string PartOwner(string partTypeName, string kind, string suffix)
    {
        var parts = partTypeName.Split('/');
        if (parts.Length != 3 || parts[0].Length == 0 || parts[1] != kind
            || !parts[2].EndsWith(suffix, StringComparison.Ordinal) || parts[2].Length == suffix.Length)
        {
            throw new ArgumentException($"'{partTypeName}' is not a {kind} part type name (expected pkg/{kind}/Name{suffix})");
        }
        return partTypeName[..^suffix.Length];
    }

    private static string NormalizeInterface(string name, string kind)
    {
        var parts = name.Split('/');
        if (parts.Length is < 2 or > 3 || parts.Any(string.IsNullOrWhiteSpace) || (parts.Length == 3 && parts[1] != kind))
        {
            throw new ArgumentException($"'{name}' is not a ROS {kind} name (expected pkg/{kind}/Name or pkg/Name)", nameof(name));
        }
        return parts.Length == 3 ? name : $"{parts[0]}/{kind}/{parts[1]}";
    }
}
