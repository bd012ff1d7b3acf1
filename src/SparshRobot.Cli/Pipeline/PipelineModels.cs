using System.Globalization;
using System.Text.Json;
using SparshRobot.Encoder;
using SparshRobot.Evaluation.Models;

namespace SparshRobot.Cli.Pipeline;

/// <summary>
/// The pipeline's last stage: gathers a run's models into <c>models/</c> in the shipped layout
/// (<see cref="ShippedModels"/>) and writes their cards with the metrics the run measured. It reads the run folder's
/// fixed names: <c>encoder/</c> (encoder.safetensors, mae_loss.csv), <c>probes/{force,slip,pose}/</c> (probe.safetensors, metrics.json),
/// <c>mlp_chunk/</c> (policy.safetensors, policy_metrics.json from <c>policy eval</c>) and <c>maze-eval/summary.json</c>.
/// </summary>
public static class PipelineModels
{
    private static readonly string[] ProbeTasks = ["force", "slip", "pose"];

    /// <summary>Builds <c>&lt;run&gt;/models</c>; returns the verified result.</summary>
    public static ShippedModels Assemble(string run, PipelinePlan plan, IReadOnlyDictionary<string, double> stepSeconds, string command)
    {
        var models = Path.Combine(run, "models");
        var encoderFile = Require(Path.Combine(run, "encoder", ShippedModels.EncoderFileName));
        string identity;
        using (var encoder = TactileEncoder.Open(encoderFile))
        {
            identity = encoder.Identity;
        }
        // The last of MAE pretraining's "step,loss" lines.
        var maeLast = File.ReadLines(Require(Path.Combine(run, "encoder", "mae_loss.csv"))).Last(l => l.Length > 0).Split(',');
        var encoderMetrics = new Dictionary<string, double>
        {
            ["mae_steps"] = double.Parse(maeLast[0], CultureInfo.InvariantCulture),
            ["mae_final_loss"] = double.Parse(maeLast[1], CultureInfo.InvariantCulture),
        };
        var probeMetrics = new Dictionary<string, double>();
        foreach (var task in ProbeTasks)
        {
            var json = JsonDocument.Parse(File.ReadAllText(Require(Path.Combine(run, "probes", task, "metrics.json"))));
            var best = json.RootElement.GetProperty("best");
            probeMetrics[$"probe_{task}_{Snake(best.GetProperty("Name").GetString()!)}"] = best.GetProperty("Value").GetDouble();
            foreach (var detail in best.GetProperty("Details").EnumerateObject())
            {
                probeMetrics[$"probe_{task}_{Snake(detail.Name)}"] = detail.Value.GetDouble();
            }
        }
        var policyMetrics = new Dictionary<string, double>();
        var offline = JsonDocument.Parse(File.ReadAllText(Require(Path.Combine(run, ShippedModels.PolicyFolder, "policy_metrics.json")))).RootElement;
        policyMetrics["trajectory_error_mm"] = offline.GetProperty("trajectory_error_mm").GetDouble();
        policyMetrics["hold_still_error_mm"] = offline.GetProperty("hold_still_mm").GetDouble();
        var closedLoop = new Dictionary<string, double>();
        var summary = JsonDocument.Parse(File.ReadAllText(Require(Path.Combine(run, "maze-eval", "summary.json")))).RootElement.GetProperty("summary");
        foreach (var row in summary.EnumerateArray().Where(r => r.GetProperty("fault_kind").ValueKind == JsonValueKind.Null))
        {
            var key = $"maze_{Snake(row.GetProperty("stack").GetString()!)}_{Snake(row.GetProperty("faults").GetString()!)}";
            closedLoop[$"{key}_completion"] = row.GetProperty("mean_completion").GetDouble();
            closedLoop[$"{key}_success_rate"] = row.GetProperty("success_rate").GetDouble();
            closedLoop[$"{key}_episodes"] = row.GetProperty("episodes").GetDouble();
        }

        Copy(encoderFile, Path.Combine(models, ShippedModels.EncoderFolder, ShippedModels.EncoderFileName));
        WriteCard(models, ShippedModels.EncoderFolder, "encoder", [ShippedModels.EncoderFileName], identity, plan, stepSeconds, command,
            encoderMetrics.Concat(probeMetrics).Concat(closedLoop));
        foreach (var task in ProbeTasks)
        {
            Copy(Path.Combine(run, "probes", task, "probe.safetensors"), Path.Combine(models, ShippedModels.ProbesFolder, task, "probe.safetensors"));
        }
        WriteCard(models, ShippedModels.ProbesFolder, "probes", ProbeTasks.Select(t => $"{t}/probe.safetensors"), identity, plan, stepSeconds, command,
            probeMetrics.Concat(closedLoop.Where(m => m.Key.StartsWith("maze_full_", StringComparison.Ordinal))));
        Copy(Path.Combine(run, ShippedModels.PolicyFolder, ShippedModels.PolicyFileName), Path.Combine(models, ShippedModels.PolicyFolder, ShippedModels.PolicyFileName));
        WriteCard(models, ShippedModels.PolicyFolder, "policy", [ShippedModels.PolicyFileName], identity, plan, stepSeconds, command,
            policyMetrics.Concat(closedLoop));
        return ShippedModels.Open(models);
    }

    /// <summary>Metric by metric, a shipped card against a rerun's: (model, metric, shipped, rerun).</summary>
    public static IEnumerable<(string Model, string Metric, double Shipped, double Rerun)> Compare(ShippedModels shipped, ShippedModels rerun) =>
        from pair in shipped.Cards.Zip(rerun.Cards)
        from metric in pair.First.Metrics
        where pair.Second.Metrics.ContainsKey(metric.Key)
        select (pair.First.Name, metric.Key, metric.Value, pair.Second.Metrics[metric.Key]);

    private static void WriteCard(string models, string folder, string kind, IEnumerable<string> files, string identity, PipelinePlan plan,
        IReadOnlyDictionary<string, double> stepSeconds, string command, IEnumerable<KeyValuePair<string, double>> metrics)
    {
        var facts = plan.Models.GetValueOrDefault(folder) ?? new PipelineModel("", new Dictionary<string, string>(), []);
        var seconds = facts.Steps.Sum(s => stepSeconds.GetValueOrDefault(s, double.NaN));
        var steps = facts.Steps.Count > 0 ? $" (steps: {string.Join(", ", facts.Steps)})" : "";
        var dir = Path.Combine(models, folder);
        ModelCard.Describe(dir, folder, kind, files, identity, facts.Data, facts.Seeds, command + steps, seconds,
            metrics.ToDictionary(m => m.Key, m => Math.Round(m.Value, 6))).Save(dir);
    }

    private static string Require(string path) =>
        File.Exists(path) ? path : throw new FileNotFoundException($"{path}: missing; the pipeline's steps write it before the models are assembled", path);

    private static void Copy(string from, string to)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(to)!);
        File.Copy(from, to, overwrite: true);
    }

    /// <summary>A card metric key: snake case, anything but letters and digits one underscore.</summary>
    private static string Snake(string name) =>
        System.Text.RegularExpressions.Regex.Replace(JsonNamingPolicy.SnakeCaseLower.ConvertName(name), "[^a-z0-9]+", "_").Trim('_');
}
