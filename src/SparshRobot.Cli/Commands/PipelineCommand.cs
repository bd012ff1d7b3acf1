using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using SparshRobot.Cli.Errors;
using SparshRobot.Cli.Output;
using SparshRobot.Cli.Pipeline;
using SparshRobot.Evaluation.Models;
using Spectre.Console;

namespace SparshRobot.Cli.Commands;

/// <summary>
/// <c>sparsh-robot pipeline run</c>: demos → dataset → encoder → embeddings → policy → touch → probes → maze eval →
/// model cards, resumable per step, ending with the run's metrics against the shipped cards.
/// </summary>
public static class PipelineCommand
{
    /// <summary>Seconds each finished step took, kept in the run folder so a rerun skips them.</summary>
    public const string StateFile = "pipeline_state.json";

    public static Command Create()
    {
        var command = new Command("pipeline", "Reproduce every shipped model from nothing, step by step.");
        command.Subcommands.Add(CreateRun());
        return command;
    }

    private static Command CreateRun()
    {
        var file = new Argument<FileInfo>("pipeline") { Description = "Pipeline file, e.g. policies/pipeline.yaml." };
        var from = new Option<string?>("--from") { Description = "Rerun from this step on (earlier finished steps are kept)." };
        var output = new Option<DirectoryInfo?>("--out") { Description = "Run folder (default: the file's pipeline.out)." };
        var compare = new Option<DirectoryInfo?>("--compare") { Description = "Shipped models whose cards the run is compared with (default: policies/models of this checkout)." };
        var ship = new Option<bool>("--ship") { Description = "Copy the run's models and cards over the compared folder afterwards." };
        var command = new Command("run", "Run the pipeline's steps (skipping those a previous run finished), write the models with their cards to <out>/models, compare with the shipped cards.")
        {
            file, from, output, compare, ship,
        };
        command.SetAction(result => UserErrors.Run(() =>
        {
            var plan = PipelinePlan.Load(result.GetValue(file)!.FullName);
            var run = result.GetValue(output)?.FullName ?? plan.DefaultOut;
            int? start = result.GetValue(from) is { } name ? plan.IndexOf(name) : null;
            var commandLine = $"sparsh-robot pipeline run {Path.GetRelativePath(Directory.GetCurrentDirectory(), plan.Source)}";
            var status = RunSteps(plan, run, start);
            if (status != 0)
            {
                return status;
            }
            var built = PipelineModels.Assemble(run, plan, LoadState(run), commandLine);
            AnsiConsole.MarkupLine($"models and cards: {Markup.Escape(built.Root)}");
            var shippedRoot = result.GetValue(compare)?.FullName ?? ShippedModels.FindDefaultRoot();
            if (shippedRoot is not null && Directory.Exists(Path.Combine(shippedRoot, ShippedModels.EncoderFolder))
                && Path.GetFullPath(shippedRoot) != built.Root)
            {
                PrintComparison(ShippedModels.Open(shippedRoot), built);
            }
            if (result.GetValue(ship))
            {
                var target = shippedRoot ?? throw new ArgumentException("--ship: no policies/models here; give --compare with the folder to ship into");
                foreach (var card in built.Cards)
                {
                    var from = Path.Combine(built.Root, card.Name);
                    foreach (var f in card.Files.Select(f => f.Path).Append(ModelCard.FileName))
                    {
                        var to = Path.Combine(target, card.Name, f);
                        Directory.CreateDirectory(Path.GetDirectoryName(to)!);
                        File.Copy(Path.Combine(from, f), to, overwrite: true);
                    }
                }
                ShippedModels.Open(target);
                AnsiConsole.MarkupLine($"shipped into {Markup.Escape(target)}");
            }
            return 0;
        }));
        return command;
    }

    /// <summary>
    /// Runs the steps the state file does not list as done (with <paramref name="start"/>: none from that step on);
    /// 0, or the failing command's status.
    /// </summary>
    private static int RunSteps(PipelinePlan plan, string run, int? start)
    {
        Directory.CreateDirectory(run);
        var state = LoadState(run);
        foreach (var later in plan.Steps.Skip(start ?? plan.Steps.Count))
        {
            state.Remove(later.Name);
        }
        SaveState(run, state);
        for (var i = 0; i < plan.Steps.Count; i++)
        {
            var step = plan.Steps[i];
            if (state.ContainsKey(step.Name))
            {
                AnsiConsole.MarkupLine($"[grey]step {i + 1}/{plan.Steps.Count} {Markup.Escape(step.Name)}: done in an earlier run ({state[step.Name]:F0} s)[/]");
                continue;
            }
            foreach (var clean in step.Clean)
            {
                var path = Path.GetFullPath(Path.Combine(run, clean));
                if (!path.StartsWith(Path.GetFullPath(run) + Path.DirectorySeparatorChar, StringComparison.Ordinal))
                {
                    throw new InvalidDataException($"{plan.Source}: step {step.Name}: clean path '{clean}' leaves the run folder {run}");
                }
                if (Directory.Exists(path))
                {
                    Directory.Delete(path, recursive: true);
                }
                else if (File.Exists(path))
                {
                    File.Delete(path);
                }
            }
            AnsiConsole.Write(new Rule($"step {i + 1}/{plan.Steps.Count}: {Markup.Escape(step.Name)}").LeftJustified());
            var clock = Stopwatch.StartNew();
            foreach (var args in plan.Expand(step, run))
            {
                AnsiConsole.MarkupLine($"[blue]$ sparsh-robot {Markup.Escape(string.Join(' ', args))}[/]");
                var status = SparshCli.Build().Parse(args).Invoke();
                if (status != 0)
                {
                    CliConsole.Error($"step {step.Name} failed (exit {status}); the steps before it are kept: rerun to continue from it");
                    return status;
                }
            }
            state[step.Name] = Math.Round(clock.Elapsed.TotalSeconds, 1);
            SaveState(run, state);
        }
        var table = new Table().AddColumns("step", "wall time");
        foreach (var step in plan.Steps)
        {
            table.AddRow(Markup.Escape(step.Name), TimeSpan.FromSeconds(state[step.Name]).ToString(@"h\:mm\:ss", CultureInfo.InvariantCulture));
        }
        AnsiConsole.Write(table);
        return 0;
    }

    private static void PrintComparison(ShippedModels shipped, ShippedModels rerun)
    {
        var table = new Table().AddColumns("model", "metric", "shipped", "this run", "difference");
        foreach (var (model, metric, a, b) in PipelineModels.Compare(shipped, rerun))
        {
            table.AddRow(Markup.Escape(model), Markup.Escape(metric), a.ToString("G4", CultureInfo.InvariantCulture), b.ToString("G4", CultureInfo.InvariantCulture),
                (b - a).ToString("+0.####;-0.####;0", CultureInfo.InvariantCulture));
        }
        AnsiConsole.MarkupLine($"this run against the shipped cards in {Markup.Escape(shipped.Root)}:");
        AnsiConsole.Write(table);
    }

    private static Dictionary<string, double> LoadState(string run)
    {
        var path = Path.Combine(run, StateFile);
        if (!File.Exists(path))
        {
            return [];
        }
        try
        {
            return JsonSerializer.Deserialize<Dictionary<string, double>>(File.ReadAllText(path)) ?? [];
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{path}: not a step-to-seconds map ({e.Message}); delete it to rerun every step");
        }
    }

    private static void SaveState(string run, Dictionary<string, double> state) =>
        Core.IO.AtomicFile.WriteAllText(Path.Combine(run, StateFile), JsonSerializer.Serialize(state, new JsonSerializerOptions { WriteIndented = true }));
}
