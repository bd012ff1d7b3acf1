namespace SparshRobot.Ros.Messages.Definitions;

/// <summary>ROS interface names: <c>pkg/msg/Type</c> is the full form; <c>pkg/Type</c> is what <c>.msg</c> files and schema headers use.</summary>
public static class RosTypeName
{
    /// <summary>
    /// The full name of <paramref name="name"/> as written inside a <c>.msg</c> of package <paramref name="package"/>:
    /// <c>Header</c> is <c>std_msgs/msg/Header</c> (the ROS convention), other bare names belong to the same package.
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
            3 when parts[1] == "msg" => name,
            _ => throw new MessageDefinitionException($"'{name}' is not a message type name (expected Type, pkg/Type or pkg/msg/Type)"),
        };
    }

    /// <summary>Normalizes <c>pkg/Type</c> or <c>pkg/msg/Type</c> to <c>pkg/msg/Type</c>.</summary>
    public static string Normalize(string name)
    {
        var parts = name.Split('/');
        if (parts.Length is < 2 or > 3 || parts.Any(string.IsNullOrWhiteSpace) || (parts.Length == 3 && parts[1] != "msg"))
        {
            throw new ArgumentException($"'{name}' is not a ROS message type name (expected pkg/msg/Type or pkg/Type)", nameof(name));
        }
        return parts.Length == 3 ? name : $"{parts[0]}/msg/{parts[1]}";
    }

    public static string Package(string fullName) => fullName[..fullName.IndexOf('/')];

    /// <summary><c>pkg/msg/Type</c> to <c>pkg/Type</c>, as in a schema's <c>MSG:</c> line.</summary>
    public static string Short(string fullName)
    {
        var parts = fullName.Split('/');
        return parts.Length == 3 ? $"{parts[0]}/{parts[2]}" : fullName;
    }
}
