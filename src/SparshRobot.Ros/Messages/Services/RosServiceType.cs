namespace SparshRobot.Ros.Messages.Services;

/// <summary>
/// A service type the registry knows: its name and the message types of its two parts, both registered beside it
/// (rmw sends them as <c>pkg::srv::dds_::Service_Request_</c> / <c>_Response_</c>).
/// </summary>
public sealed class RosServiceType
{
    internal RosServiceType(string name, string text)
    {
        Name = name;
        Text = text;
    }

    /// <summary><c>pkg/srv/Service</c>.</summary>
    public string Name { get; }

    /// <summary><c>pkg/srv/Service_Request</c>.</summary>
    public string RequestType => Name + "_Request";

    /// <summary><c>pkg/srv/Service_Response</c>.</summary>
    public string ResponseType => Name + "_Response";

    /// <summary>The <c>.srv</c> text: request, a <c>---</c> line, response.</summary>
    public string Text { get; }

    public override string ToString() => Name;
}
