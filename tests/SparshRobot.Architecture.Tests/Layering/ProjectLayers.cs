namespace SparshRobot.Architecture.Tests.Layering;

/// <summary>
/// The layering of the projects under src (docs/architecture.md): each project's layer and the projects it may
/// reference. The data path reads upwards: frame, preprocess (Tactile), encoder, policy, control, robot; Core at the
/// bottom, Cli on top. ROS adapters sit just above the pure project they wrap and may use the adapters below them.
/// </summary>
public static class ProjectLayers
{
    private const string Core = "SparshRobot.Core";
    private const string NativePatch = "SparshRobot.NativePatch";
    private const string Mcap = "SparshRobot.Mcap";
    private const string Ros = "SparshRobot.Ros";
    private const string RosBags = "SparshRobot.Ros.Bags";
    private const string Tactile = "SparshRobot.Tactile";
    private const string TactileRos = "SparshRobot.Tactile.Ros";
    private const string Encoder = "SparshRobot.Encoder";
    private const string Policy = "SparshRobot.Policy";
    private const string PolicyRos = "SparshRobot.Policy.Ros";
    private const string Control = "SparshRobot.Control";
    private const string ControlRos = "SparshRobot.Control.Ros";
    private const string Sim = "SparshRobot.Sim";
    private const string SimRos = "SparshRobot.Sim.Ros";
    private const string Evaluation = "SparshRobot.Evaluation";
    private const string Cli = "SparshRobot.Cli";

    /// <summary>Each project's layer, bottom first; a project may reference only projects of lower layers.</summary>
    public static IReadOnlyDictionary<string, int> Layers { get; } = new Dictionary<string, int>
    {
        [Core] = 0,
        // Leaves without a project dependency: a build tool patching native libraries, and the MCAP container format.
        [NativePatch] = 0,
        [Mcap] = 0,
        // ROS 2 itself (CDR, messages, nodes, transport) and rosbag2 on it: infrastructure the adapters build on.
        [Ros] = 1,
        [RosBags] = 2,
        [Tactile] = 3,
        [TactileRos] = 4,
        [Encoder] = 5,
        [Policy] = 6,
        [PolicyRos] = 7,
        // The simulator is the robot stand-in: beside Control, neither knowing the other.
        [Control] = 8,
        [Sim] = 8,
        [ControlRos] = 9,
        [SimRos] = 9,
        [Evaluation] = 10,
        [Cli] = 11,
    };

    /// <summary>The references each project may have: a new edge goes here, deliberately, or the layering test fails.</summary>
    public static IReadOnlyDictionary<string, IReadOnlySet<string>> Allowed { get; } = new Dictionary<string, IReadOnlySet<string>>
    {
        [Core] = Set(),
        [NativePatch] = Set(),
        [Mcap] = Set(),
        [Ros] = Set(Core),
        [RosBags] = Set(Core, Ros, Mcap),
        [Tactile] = Set(Core),
        [TactileRos] = Set(Core, Tactile, Ros, RosBags),
        // The encoder takes tensors of a SparshInputSize (Core); Policy and Control hand it the preprocessed frames.
        [Encoder] = Set(Core),
        // Dataset building reads recorded bags (ingestion, not transport); the policy's nodes live in Policy.Ros.
        [Policy] = Set(Core, Tactile, Encoder, Ros, RosBags),
        [PolicyRos] = Set(Core, Tactile, Encoder, Policy, Ros, RosBags, TactileRos),
        [Control] = Set(Core, Tactile, Encoder, Policy),
        // The stand-in renders touch and moves the hand: it needs no model, no controller and no transport.
        [Sim] = Set(Core, Tactile),
        [ControlRos] = Set(Core, Tactile, Encoder, Policy, Control, Ros, RosBags, TactileRos, PolicyRos),
        [SimRos] = Set(Core, Tactile, Sim, Ros, RosBags, TactileRos),
        [Evaluation] = Set(Core, Tactile, Encoder, Policy, Control, Sim),
        [Cli] = Set(Core, NativePatch, Mcap, Ros, RosBags, Tactile, TactileRos, Encoder, Policy, PolicyRos, Control, Sim, ControlRos, SimRos, Evaluation),
    };

    /// <summary>
    /// What is wrong with <paramref name="graph"/> (project name to the names it references), one line per
    /// offending project or edge, each naming it; empty when every edge is allowed.
    /// </summary>
    public static IReadOnlyList<string> Violations(IReadOnlyDictionary<string, IReadOnlyList<string>> graph)
    {
        var problems = new List<string>();
        foreach (var (project, references) in graph)
        {
            if (!Allowed.TryGetValue(project, out var allowed))
            {
                problems.Add($"{project} has no place in the layering: give it a layer and its allowed references in {nameof(ProjectLayers)} and docs/architecture.md");
                continue;
            }
            foreach (var reference in references.Where(r => !allowed.Contains(r)))
            {
                var may = allowed.Count == 0 ? "nothing" : string.Join(", ", allowed.Order(StringComparer.Ordinal));
                problems.Add($"{project} -> {reference} is not allowed: {project} may reference {may}");
            }
        }
        return problems;
    }

    private static IReadOnlySet<string> Set(params string[] projects) => projects.ToHashSet(StringComparer.Ordinal);
}
