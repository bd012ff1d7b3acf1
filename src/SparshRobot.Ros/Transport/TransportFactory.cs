using SparshRobot.Ros.Dds;
using SparshRobot.Ros.Dds.Native;
using SparshRobot.Ros.Node;
using SparshRobot.Ros.Parameters;

namespace SparshRobot.Ros.Transport;

/// <summary>
/// Picks the transport from configuration so nodes never change: the parameter <c>transport</c> given to all nodes
/// (<c>--ros-args -p transport:=inprocess</c>, or <c>/**: ros__parameters: transport: inprocess</c> in a params
/// file), else the environment variable <c>SPARSH_TRANSPORT</c>, else DDS, so that a node started like a ROS 2 node
/// is seen by other ROS 2 processes. DDS settings come from <c>ROS_DOMAIN_ID</c>,
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
        return string.IsNullOrWhiteSpace(env) ? Dds : Validate(env.Trim(), $"${EnvironmentVariable}");
    }

    /// <summary>How a process started with ROS arguments selects the in-process transport instead.</summary>
    public const string InProcessOption = $"--ros-args -p {ParameterName}:={InProcess} (or {EnvironmentVariable}={InProcess})";

    public static ITransport Create(string kind) => Validate(kind, "transport") switch
    {
        Dds => CycloneLibrary.IsShimAvailable
            ? new DdsTransport(DdsTransportOptions.FromEnvironment())
            : throw DdsUnavailable(CycloneLibrary.ShimLoadError, InProcessOption),
        _ => new InProcessTransport(),
    };

    /// <summary>
    /// The error for a DDS transport that cannot start here: why, and the option (<paramref name="inProcessOption"/>,
    /// which differs per command) that runs the nodes on the in-process transport instead.
    /// </summary>
    public static DdsException DdsUnavailable(string? reason, string inProcessOption) => new(
        $"the DDS transport (the default) cannot start: {reason ?? "Cyclone DDS is not available"}. Install Cyclone DDS " +
        $"(`sparsh-robot doctor` names the packages), or select the in-process transport with {inProcessOption}; " +
        "nodes on it are invisible to other ROS 2 processes", -1);

    private static string Validate(string kind, string source) => kind is InProcess or Dds
        ? kind
        : throw new ArgumentException($"{source}: transport '{kind}' is unknown (expected '{InProcess}' or '{Dds}')");
}
