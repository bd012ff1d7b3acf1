using SparshRobot.Ros.Dds;
using SparshRobot.Ros.Node;
using SparshRobot.Ros.Parameters;

namespace SparshRobot.Ros.Transport;

/// <summary>
/// Picks the transport from configuration so nodes never change: the parameter <c>transport</c> given to all nodes
/// (<c>--ros-args -p transport:=dds</c>, or <c>/**: ros__parameters: transport: dds</c> in a params file), else the
/// environment variable <c>SPARSH_TRANSPORT</c>, else in-process. DDS settings come from <c>ROS_DOMAIN_ID</c>,
/// <c>ROS_AUTOMATIC_DISCOVERY_RANGE</c>/<c>ROS_LOCALHOST_ONLY</c> and <c>CYCLONEDDS_URI</c>.
/// </summary>
public static class TransportFactory
{
    public const string ParameterName = "transport";

    public const string EnvironmentVariable = "SPARSH_TRANSPORT";

    public const string InProcess = "inprocess";

    public const string Dds = "dds";

    public static string SelectKind(RosArguments arguments)
    {
        var fromArgs = arguments.ParameterSources.SelectMany(s => s)
            .LastOrDefault(o => o.Name == ParameterName && o.NodePattern == "/**");
        if (fromArgs is not null)
        {
            return fromArgs.Value.Type == ParameterType.String
                ? Validate(fromArgs.Value.Get<string>(), fromArgs.Source)
                : throw new ParameterTypeException($"{fromArgs.Source}: '{ParameterName}' must be a string (inprocess or dds)");
        }
        var env = Environment.GetEnvironmentVariable(EnvironmentVariable);
        return string.IsNullOrWhiteSpace(env) ? InProcess : Validate(env.Trim(), $"${EnvironmentVariable}");
    }

    public static ITransport Create(string kind) => Validate(kind, "transport") switch
    {
        Dds => new DdsTransport(DdsTransportOptions.FromEnvironment()),
        _ => new InProcessTransport(),
    };

    private static string Validate(string kind, string source) => kind is InProcess or Dds
        ? kind
        : throw new ArgumentException($"{source}: transport '{kind}' is unknown (expected '{InProcess}' or '{Dds}')");
}
