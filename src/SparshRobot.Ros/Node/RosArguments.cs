using SparshRobot.Ros.Parameters;

namespace SparshRobot.Ros.Node;

/// <summary>A <c>-r [node:]from:=to</c> rule; <see cref="NodeName"/> limits it to one node when set.</summary>
public sealed record RemapRule(string? NodeName, string From, string To);

/// <summary>
/// The ROS part of a command line, as rcl_parse_arguments reads it: everything between <c>--ros-args</c> and
/// <c>--</c> (or the end): <c>-r/--remap [node:]from:=to</c> (including <c>__node</c>, <c>__name</c>,
/// <c>__ns</c>), <c>-p/--param [node:]name:=value</c> and <c>--params-file path</c>. Other arguments are kept for
/// the program. Parameter sources stay in command-line order; a later one overrides an earlier one.
/// </summary>
public sealed class RosArguments
{
    private RosArguments(IReadOnlyList<string> unparsed, string? nodeName, string? ns, IReadOnlyList<RemapRule> remaps, IReadOnlyList<IReadOnlyList<ParameterOverride>> parameterSources)
    {
        Unparsed = unparsed;
        NodeName = nodeName;
        Namespace = ns;
        Remaps = remaps;
        ParameterSources = parameterSources;
    }

    public static RosArguments Empty { get; } = new([], null, null, [], []);

    /// <summary>Arguments outside <c>--ros-args</c> blocks, for the program itself.</summary>
    public IReadOnlyList<string> Unparsed { get; }

    /// <summary><c>-r __node:=name</c> (or <c>__name</c>).</summary>
    public string? NodeName { get; }

    /// <summary><c>-r __ns:=/ns</c>.</summary>
    public string? Namespace { get; }

    public IReadOnlyList<RemapRule> Remaps { get; }

    /// <summary>Each <c>--params-file</c> or <c>-p</c> in order; within one source, wildcard node keys apply first.</summary>
    public IReadOnlyList<IReadOnlyList<ParameterOverride>> ParameterSources { get; }

    public static RosArguments Parse(IReadOnlyList<string> argv)
    {
        var unparsed = new List<string>();
        var remaps = new List<RemapRule>();
        var sources = new List<IReadOnlyList<ParameterOverride>>();
        string? nodeName = null;
        string? ns = null;
        var inRos = false;
        for (var i = 0; i < argv.Count; i++)
        {
            var arg = argv[i];
            if (arg == "--ros-args")
            {
                inRos = true;
                continue;
            }
            if (!inRos)
            {
                unparsed.Add(arg);
                continue;
            }
            switch (arg)
            {
                case "--":
                    inRos = false;
                    break;
                case "-r" or "--remap":
                    var rule = ParseRule(Next(argv, ref i, arg), arg);
                    switch (rule.From)
                    {
                        case "__node" or "__name":
                            Names.ValidateNodeName(rule.To);
                            nodeName = rule.To;
                            break;
                        case "__ns":
                            ns = Names.NormalizeNamespace(rule.To);
                            break;
                        default:
                            remaps.Add(rule);
                            break;
                    }
                    break;
                case "-p" or "--param":
                    var text = Next(argv, ref i, arg);
                    var p = ParseRule(text, arg);
                    var value = ParameterYaml.ParseValue(p.To, $"-p {text}");
                    sources.Add([new ParameterOverride(p.NodeName is null ? "/**" : "/**/" + p.NodeName, p.From, value, $"-p {text}")]);
                    break;
                case "--params-file":
                    sources.Add(ParameterYaml.LoadFile(Next(argv, ref i, arg)));
                    break;
                default:
                    throw new ArgumentException($"unknown ROS argument '{arg}' (supported: -r/--remap, -p/--param, --params-file, --)");
            }
        }
        return new RosArguments(unparsed, nodeName, ns, remaps, sources);
    }

    /// <summary>
    /// The name a node gets for <paramref name="fullyQualifiedTopic"/> after this command line's remap rules: the
    /// first rule (for this node or for all nodes) whose expanded <c>from</c> equals the topic wins.
    /// </summary>
    public string Remap(string fullyQualifiedTopic, string nodeName, string nodeNamespace)
    {
        foreach (var rule in Remaps)
        {
            if (rule.NodeName is not null && rule.NodeName != nodeName)
            {
                continue;
            }
            if (Names.ExpandTopicName(rule.From, nodeName, nodeNamespace) == fullyQualifiedTopic)
            {
                return Names.ExpandTopicName(rule.To, nodeName, nodeNamespace);
            }
        }
        return fullyQualifiedTopic;
    }

    /// <summary>All overrides that apply to a node, lowest precedence first.</summary>
    public IEnumerable<ParameterOverride> OverridesFor(string fullyQualifiedNodeName) =>
        ParameterSources.SelectMany(source => source.Where(o => o.IsWildcard).Concat(source.Where(o => !o.IsWildcard)))
            .Where(o => o.Matches(fullyQualifiedNodeName));

    private static string Next(IReadOnlyList<string> argv, ref int i, string flag) =>
        ++i < argv.Count ? argv[i] : throw new ArgumentException($"ROS argument '{flag}' needs a value");

    private static RemapRule ParseRule(string text, string flag)
    {
        var sep = text.IndexOf(":=", StringComparison.Ordinal);
        if (sep <= 0)
        {
            throw new ArgumentException($"'{flag} {text}' must have the form [node:]name:=value");
        }
        var left = text[..sep];
        var right = text[(sep + 2)..];
        var colon = left.IndexOf(':');
        return colon > 0 ? new RemapRule(left[..colon], left[(colon + 1)..], right) : new RemapRule(null, left, right);
    }
}
