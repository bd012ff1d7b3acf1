using SparshRobot.Control;
using SparshRobot.Control.Estimation;
using SparshRobot.Core.Geometry;
using SparshRobot.Encoder;
using SparshRobot.Policy.Runtime;
using SparshRobot.Policy.Spec;
using SparshRobot.Sim.Simulation;
using SparshRobot.Sim.Teleop;
using SparshRobot.Tactile.Calibration;
using SparshRobot.Tactile.Profiles;

namespace SparshRobot.Evaluation.Maze;

/// <summary>A trained policy, the frozen encoder it was trained on, and how its chunks are executed.</summary>
public sealed record PolicyResources(ITactilePolicy Policy, TactileEncoder Encoder, ChunkExecutionMode Mode = ChunkExecutionMode.Ensemble);

/// <summary>
/// Builds the controller of one benchmark stack for one episode: <c>teleop</c> (the scripted operator, who sees the
/// scene: the privileged upper bound) or a <see cref="ControlStack"/> run through the <see cref="ControlLoop"/> with its
/// tactile estimator and, for policy stacks, a fresh <see cref="PolicyRunner"/> seeded with the episode.
/// </summary>
/// <param name="background">The DIGIT no-contact image the renderer draws on: the estimators' and the policy's calibration.</param>
/// <param name="probes">Builds the Sparsh probe estimator (null: stacks that need it are refused with the reason).</param>
public sealed class MazeStackFactory(BackgroundImage background, MazeControlOptions control, PolicyResources? policy = null,
    Func<ITactileEstimator>? probes = null)
{
    public const string Teleop = "teleop";

    /// <summary>Every stack name the benchmark knows, teleop first.</summary>
    public static IReadOnlyList<string> StackNames { get; } = [Teleop, .. ControlStack.All.Select(s => s.Name)];

    /// <summary>Throws for the first name that is no stack, listing the known ones (the <c>--stack</c> option's check).</summary>
    public static void RequireKnown(IEnumerable<string> stacks)
    {
        foreach (var name in stacks.Where(n => !StackNames.Contains(n)))
        {
            throw new ArgumentException($"--stack '{name}' is not known; known: {string.Join(", ", StackNames)}");
        }
    }

    /// <summary>Checks up front that every stack can be built with what was given, so a long run does not fail half-way.</summary>
    public void Require(IEnumerable<string> stacks)
    {
        foreach (var name in stacks.Where(n => n != Teleop))
        {
            var stack = ControlStack.Parse(name);
            if (stack.Policy && policy is null)
            {
                throw new ArgumentException($"stack {name} follows the BC policy: give --checkpoint (a policy.safetensors)");
            }
            if (stack.Estimator == "probe" && probes is null)
            {
                throw new ArgumentException($"stack {name} estimates touch with Sparsh probes: give --probes (a folder of trained force, slip and pose probes); full-classic runs without them");
            }
        }
    }

    public IMazeController Create(string name, BeadMazeSim sim, int seed)
    {
        if (name == Teleop)
        {
            return new ScriptedTeleoperator(TeleopProfile.Default, sim.Options.Hand, seed, sim.Scene);
        }
        Require([name]);
        var stack = ControlStack.Parse(name);
        var heading = sim.Maze.HeadingDeg * Math.PI / 180;
        // The task's one given: which way the wire leaves the start stop (only a stack without a policy needs it).
        var options = control with { StartDirection = new Vec3(Math.Cos(heading), 0, Math.Sin(heading)) };
        ITactileEstimator estimator = stack.Estimator == "probe" ? probes!() : new ClassicalTactileEstimator(background, background);
        if (!stack.Policy)
        {
            return new ControlStackController(new ControlLoop(new MazeController(stack, options), estimator));
        }
        var resources = policy!;
        var spec = resources.Policy.Observation;
        var sensors = spec.Sensors.Select(s => new PolicySensor(s, SensorProfile.Digit, background)).ToList();
        var runner = new PolicyRunner(resources.Policy, resources.Encoder, sensors, seed: seed);
        var controller = new MazeController(stack, options, spec.RateHz, resources.Policy.Action, resources.Mode);
        return new ControlStackController(new ControlLoop(controller, estimator, runner));
    }
}
