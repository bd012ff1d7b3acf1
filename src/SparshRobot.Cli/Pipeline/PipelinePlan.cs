using System.Text.RegularExpressions;
using SparshRobot.Core.IO;
using YamlDotNet.Serialization;

namespace SparshRobot.Cli.Pipeline;

/// <summary>One step of the pipeline: <c>sparsh-robot</c> command lines run in order, and what to delete before a rerun.</summary>
/// <param name="Clean">Paths the step writes, removed before it runs so an interrupted step starts clean.</param>
public sealed record PipelineStep(string Name, IReadOnlyList<IReadOnlyList<string>> Commands, IReadOnlyList<string> Clean);

/// <summary>What goes on one model's card: the data in words, the seeds, and the steps whose wall time is its training time.</summary>
public sealed record PipelineModel(string Data, IReadOnlyDictionary<string, string> Seeds, IReadOnlyList<string> Steps);

/// <summary>
/// <c>policies/pipeline.yaml</c>: every shipped model from nothing, as <c>sparsh-robot</c> commands. <c>${out}</c> is
/// the run folder and <c>${config_dir}</c> the file's folder; each command line is split on spaces (no quoting).
/// <code>
/// pipeline:
///   out: ../runs/pipeline          # default run folder, relative to this file
///   steps:
///     - name: demos
///       clean: [demos]              # relative to the run folder
///       run:
///         - sim record-demos --mazes 48 --seed 0 --out ${out}/demos
///   models:                         # card facts of encoder, probes and mlp_chunk
///     encoder: { data: "...", seeds: { demos: "0" }, steps: [demos, encoder] }
/// </code>
/// </summary>
public sealed partial record PipelinePlan(string Source, string DefaultOut, IReadOnlyList<PipelineStep> Steps, IReadOnlyDictionary<string, PipelineModel> Models)
{
    public static readonly string[] ModelNames = ["encoder", "probes", "mlp_chunk"];

    public static PipelinePlan Load(string path)
    {
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"{path}: no such pipeline file", path);
        }
        var yaml = YamlConfig.Parse<FileYaml>(File.ReadAllText(path), path) ?? throw new InvalidDataException($"{path}: empty pipeline file");
        var p = yaml.Pipeline ?? throw new InvalidDataException($"{path}: expected a top-level 'pipeline' map");
        if (p.Steps is not { Count: > 0 })
        {
            throw new InvalidDataException($"{path}: pipeline.steps is missing or empty; expected a list of steps with a name and run commands");
        }
        var folder = Path.GetDirectoryName(Path.GetFullPath(path))!;
        var steps = new List<PipelineStep>();
        foreach (var (s, i) in p.Steps.Select((s, i) => (s, i)))
        {
            var name = string.IsNullOrWhiteSpace(s.Name) ? throw new InvalidDataException($"{path}: pipeline.steps[{i}].name is missing") : s.Name;
            if (steps.Any(x => x.Name == name))
            {
                throw new InvalidDataException($"{path}: pipeline.steps[{i}].name '{name}' is used twice");
            }
            if (s.Run is not { Count: > 0 })
            {
                throw new InvalidDataException($"{path}: pipeline.steps[{i}] ({name}): run is missing or empty; expected sparsh-robot command lines");
            }
            steps.Add(new PipelineStep(name, [.. s.Run.Select(line => (IReadOnlyList<string>)line.Split(' ', StringSplitOptions.RemoveEmptyEntries))], s.Clean ?? []));
        }
        var models = new Dictionary<string, PipelineModel>();
        foreach (var (name, m) in p.Models ?? [])
        {
            if (!ModelNames.Contains(name))
            {
                throw new InvalidDataException($"{path}: pipeline.models.{name}: unknown model; expected {string.Join(", ", ModelNames)}");
            }
            foreach (var step in (m.Steps ?? []).Where(st => steps.All(x => x.Name != st)))
            {
                throw new InvalidDataException($"{path}: pipeline.models.{name}.steps names '{step}', which is not a step");
            }
            models[name] = new PipelineModel(m.Data ?? "", m.Seeds ?? [], m.Steps ?? []);
        }
        var defaultOut = Path.GetFullPath(Path.Combine(folder, p.Out ?? "runs/pipeline"));
        return new PipelinePlan(Path.GetFullPath(path), defaultOut, steps, models);
    }

    /// <summary>The step's command lines with <c>${out}</c> and <c>${config_dir}</c> filled in; an unknown variable is an error naming it.</summary>
    public IReadOnlyList<string[]> Expand(PipelineStep step, string outDir)
    {
        var folder = Path.GetDirectoryName(Source)!;
        return [.. step.Commands.Select(line => line.Select(word => Variable().Replace(word, m => m.Groups[1].Value switch
        {
            "out" => outDir,
            "config_dir" => folder,
            var other => throw new InvalidDataException($"{Source}: step {step.Name}: unknown variable ${{{other}}}; known: ${{out}}, ${{config_dir}}"),
        })).ToArray())];
    }

    /// <summary>The steps from <paramref name="from"/> on (all when null); an unknown name lists the known ones.</summary>
    public int IndexOf(string name) =>
        Steps.Select((s, i) => (s, i)).FirstOrDefault(x => x.s.Name == name, (null!, -1)).Item2 is var i and >= 0
            ? i
            : throw new ArgumentException($"--from '{name}' is not a step of {Source}; steps: {string.Join(", ", Steps.Select(s => s.Name))}");

    [GeneratedRegex(@"\$\{([a-z_]+)\}")]
    private static partial Regex Variable();

    private sealed class FileYaml
    {
        public PipelineYaml? Pipeline { get; set; }
    }

    private sealed class PipelineYaml
    {
        public string? Out { get; set; }

        public List<StepYaml>? Steps { get; set; }

        public Dictionary<string, ModelYaml>? Models { get; set; }
    }

    private sealed class StepYaml
    {
        public string? Name { get; set; }

        public List<string>? Run { get; set; }

        public List<string>? Clean { get; set; }
    }

    private sealed class ModelYaml
    {
        public string? Data { get; set; }

        public Dictionary<string, string>? Seeds { get; set; }

        public List<string>? Steps { get; set; }
    }
}
