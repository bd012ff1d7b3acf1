using System.CommandLine;
using SparshRobot.Cli.Errors;
using SparshRobot.Cli.Output;
using SparshRobot.Core.Geometry;
using SparshRobot.Encoder;
using SparshRobot.Evaluation.Rollouts;
using SparshRobot.Policy.Datasets;
using SparshRobot.Policy.Embeddings;
using SparshRobot.Policy.Evaluation;
using SparshRobot.Policy.Policies;
using SparshRobot.Policy.Runtime;
using SparshRobot.Policy.Spec;
using SparshRobot.Policy.Training;
using SparshRobot.Sim.Plotting;
using SparshRobot.Tactile.Profiles;
using Spectre.Console;
using static TorchSharp.torch;

namespace SparshRobot.Cli.Commands;

/// <summary>
/// <c>sparsh-robot policy train|eval</c>: behaviour cloning for the bead maze on frozen-encoder tokens
/// (configurations in <c>policies/</c>) and the offline T6 trajectory error.
/// </summary>
public static class PolicyCommand
{
    public static Command Create()
    {
        var command = new Command("policy", "Train bead-maze policies (MLP chunking, diffusion) on frozen tactile tokens and evaluate them offline.");
        command.Subcommands.Add(Train());
        command.Subcommands.Add(Eval());
        return command;
    }

    /// <summary>What each <see cref="ChunkExecutionMode"/> does, for the options that choose one.</summary>
    internal const string ChunkExecutionHelp = "ensemble: re-plan every step, ACT temporal ensembling; chunk: execute the chunk's executed steps open-loop, then re-plan.";

    private static Command Train()
    {
        var config = new Option<FileInfo>("--config")
        {
            Description = "Policy configuration (YAML: dataset, encoder, output, policy.*, training.*), e.g. policies/mlp_chunk.yaml; relative paths resolve against its folder.",
            Required = true,
        };
        var resume = new Option<bool>("--resume")
        {
            Description = $"Continue the run in the output folder from its last saved epoch ({PolicyTrainer.StateFile}); refused, naming each setting, if the effective settings differ from the run's.",
        };
        var datasetOverride = new Option<DirectoryInfo?>("--dataset")
        {
            Description = "Policy dataset folder (dataset.yaml, as dataset build writes it) instead of the configuration's dataset (dataset); missing tokens are cached into <dataset>/embeddings/.",
        };
        var encoderOverride = new Option<FileInfo?>("--encoder") { Description = "Frozen encoder checkpoint instead of the configuration's (encoder)." };
        var outputOverride = new Option<DirectoryInfo?>("--out")
        {
            Description = $"Run folder instead of the configuration's output (output): {PolicyTrainer.StateFile} and {PolicyTrainer.OptimizerFile} (resumable state), "
                + $"checkpoints/epoch_NNNN.safetensors, {PolicyTrainer.FinalCheckpoint}, {PolicyTrainer.LossLog}, {PolicyTrainer.LossPlot} and {PolicyTrainer.EffectiveConfig}.",
        };
        var epochs = new Option<int?>("--epochs") { Description = "Training epochs instead of the configuration's (training.epochs)." };
        var set = ConfigOptions.Set("training.lr=3e-4, policy.mlp.hidden=512");
        var command = new Command("train", "Cache embeddings if needed, then train with EMA, validation and checkpoints; Ctrl-C stops after the current epoch.")
        {
            config, resume, datasetOverride, encoderOverride, outputOverride, epochs, set,
        };
        command.SetAction(result => UserErrors.Run(() =>
        {
            var overrides = ConfigOptions.Overrides(result, set,
                ("dataset", datasetOverride), ("encoder", encoderOverride), ("output", outputOverride), ("training.epochs", epochs));
            var settings = PolicyConfig.Load(result.GetValue(config)!.FullName, overrides);
            var dataset = PolicyDataset.Open(settings.Dataset);
            EmbeddingStore store;
            using (var encoder = TactileEncoder.Open(settings.Encoder, new Device(settings.Training.Device), settings.EncoderHeads))
            {
                store = new EmbeddingStore(dataset, encoder.Identity);
                DatasetEmbedCommand.Embed(store, encoder, null, settings.Training.EmbedBatch);
            }
            using var signals = new ShutdownSignals();
            string? final = null;
            PolicyEpoch? lastEpoch = null;
            CliConsole.Progress().Start(ctx =>
            {
                var bar = ctx.AddTask($"training {settings.Policy.Head} policy");
                var last = "";
                final = PolicyTrainer.Run(settings, dataset, store, result.GetValue(resume),
                    (step, total, loss) =>
                    {
                        bar.MaxValue = total;
                        bar.Value = step;
                        bar.Description = $"step {step}: loss {loss:0.00000}{last}";
                    },
                    epoch =>
                    {
                        lastEpoch = epoch;
                        last = $" | epoch {epoch.Epoch} train {epoch.TrainLoss:0.00000}" + (epoch.ValLoss is { } v ? $" val {v:0.00000}" : "");
                    },
                    signals.Token);
            });
            if (lastEpoch is { } ended)
            {
                AnsiConsole.MarkupLine($"epoch {ended.Epoch}: train loss {ended.TrainLoss:0.00000}" + (ended.ValLoss is { } v ? $", validation loss {v:0.00000}" : ", no validation episodes"));
            }
            AnsiConsole.MarkupLine(final is null
                ? $"stopped; continue with --resume (state in {Markup.Escape(settings.Output)})"
                : $"wrote {Markup.Escape(final)}, {PolicyTrainer.LossLog}, {PolicyTrainer.LossPlot} and {PolicyTrainer.EffectiveConfig}");
            return 0;
        }));
        return command;
    }

    private static Command Eval()
    {
        var checkpoint = new Option<FileInfo>("--checkpoint") { Description = "policy.safetensors (or a checkpoints/epoch_NNNN file).", Required = true };
        var dataset = new Option<DirectoryInfo?>("--dataset") { Description = "Policy dataset folder (dataset.yaml); its --split episodes are evaluated offline (T6 trajectory error)." };
        var encoder = new Option<FileInfo?>("--encoder") { Description = "Frozen encoder (default: the one recorded in the checkpoint); must be the one the policy was trained on." };
        var executed = new Option<ExecutedAction>("--executed")
        {
            Description = "Action of each chunk the metric executes: first (the delta for this step), last (the reference's action[-1]), ensemble (ACT temporal ensembling).",
            DefaultValueFactory = _ => ExecutedAction.First,
        };
        var split = new Option<string>("--split") { Description = "Split folder of the policy dataset whose episodes are evaluated (<dataset>/<split>/<episode>/).", DefaultValueFactory = _ => PolicyDataset.ValidationSplit };
        var seed = new Option<long>("--seed") { Description = "Seed of the diffusion sampler.", DefaultValueFactory = _ => 0 };
        var output = new Option<DirectoryInfo?>("--out") { Description = "Folder for <checkpoint>_trajectories.png, <checkpoint>_metrics.json and, with --sim, a rollout picture per maze <checkpoint>_sim_<maze>.png (default: next to the checkpoint)." };
        var sim = new Option<bool>("--sim") { Description = "Also run closed-loop rollouts on held-out simulated mazes (completion and success rates)." };
        var simMazes = new Option<int>("--sim-mazes") { Description = "Held-out mazes for --sim.", DefaultValueFactory = _ => 10 }.AtLeast(1);
        var simDifficulty = new Option<string>("--sim-difficulty") { Description = "Held-out maze family for --sim: easy or hard.", DefaultValueFactory = _ => "easy" }.AcceptOnlyFromAmong("easy", "hard");
        var simExecution = new Option<ChunkExecutionMode>("--sim-execution")
        {
            Description = ChunkExecutionHelp,
            DefaultValueFactory = _ => ChunkExecutionMode.Ensemble,
        };
        var simTimeLimit = new Option<double?>("--sim-time-limit") { Description = "Simulated seconds per maze (default: the rollout runner's, from the wire length)." }.Positive("simulated seconds");
        var simLostTimeout = new Option<double?>("--sim-lost-timeout") { Description = "End a maze once the bead has been out of the hand this long, simulated seconds (reported as such).", DefaultValueFactory = _ => 10 }.Positive("simulated seconds");
        var background = new Option<string?>("--background") { Description = "DIGIT no-contact image for --sim (default: the shared DIGIT background)." };
        var samplerSteps = new Option<int?>("--sampler-steps") { Description = "Diffusion policy: DDIM steps to sample with instead of the configured ones (fewer: faster); outputs are then named <checkpoint>_ddimN_*." };
        var heads = EncoderCommand.HeadsOption();
        var device = EncoderCommand.DeviceOption();
        var command = new Command("eval", "Offline T6 trajectory error (metres) on held-out episodes with a PNG of true and predicted paths, and/or closed-loop held-out sim rollouts (--sim).")
        {
            checkpoint, dataset, encoder, executed, split, seed, output, sim, simMazes, simDifficulty, simExecution, simTimeLimit, simLostTimeout, background, samplerSteps, heads, device,
        };
        command.SetAction(result => UserErrors.Run(() =>
        {
            if (result.GetValue(dataset) is null && !result.GetValue(sim))
            {
                throw new ArgumentException("nothing to evaluate: give --dataset (offline trajectory error), --sim (held-out rollouts) or both");
            }
            var path = result.GetValue(checkpoint)!.FullName;
            var info = PolicyCheckpoint.ReadInfo(path);
            var target = new Device(result.GetValue(device)!);
            using var frozen = TactileEncoder.Open(result.GetValue(encoder)?.FullName ?? info.EncoderFile, target, result.GetValue(heads));
            using var policy = PolicyCheckpoint.Load(path, target);
            var name = Path.GetFileNameWithoutExtension(path);
            var folder = Directory.CreateDirectory(result.GetValue(output)?.FullName ?? Path.GetDirectoryName(path)!).FullName;
            if (result.GetValue(samplerSteps) is { } steps)
            {
                ((TactilePolicy)policy).SamplerSteps = steps;
                name += $"_ddim{steps}";
            }
            if (result.GetValue(dataset) is { } root)
            {
                EvaluateOffline(policy, info, PolicyDataset.Open(root.FullName), frozen, target, folder, name, result.GetValue(executed), result.GetValue(seed),
                    result.GetValue(split)!);
            }
            if (result.GetValue(sim))
            {
                var options = new SimEvaluationOptions(result.GetValue(simMazes), result.GetValue(simDifficulty)!, Mode: result.GetValue(simExecution),
                    TimeLimit: result.GetValue(simTimeLimit), LostTimeout: result.GetValue(simLostTimeout));
                var report = SimPolicyEvaluation.Run(policy, frozen, TactileCliSupport.LoadBackground(result.GetValue(background), SensorProfile.Digit), options,
                    maze =>
                    {
                        PolicySimReport.WriteMaze(Console.Out, maze);
                        RolloutPlot.Save(maze.MazeModel, maze.Rollout, Path.Combine(folder, $"{name}_sim_{maze.Maze}.png"));
                    });
                PolicySimReport.WriteSummary(Console.Out, report);
            }
            return 0;
        }));
        return command;
    }

    /// <param name="folder">Where the picture and metrics go.</param>
    /// <param name="name">Stem of the output files (the checkpoint's, with the sampler steps when they were overridden).</param>
    private static void EvaluateOffline(ITactilePolicy policy, PolicyCheckpointInfo info, PolicyDataset data, TactileEncoder frozen, Device target, string folder,
        string name, ExecutedAction executed, long seed, string split)
    {
        var store = new EmbeddingStore(data, frozen.Identity);
        DatasetEmbedCommand.Embed(store, frozen, split, info.Config.Training.EmbedBatch);
        IReadOnlyList<EpisodeTrajectory> episodes = [];
        CliConsole.Progress().Start(ctx =>
        {
            var bar = ctx.AddTask("evaluating", maxValue: data.Split(split).Count);
            episodes = PolicyEvaluator.Evaluate(policy, data, store, target, executed, seed, split, onEpisode: (done, _) => bar.Value = done);
        });
        var table = new Table().AddColumns("Episode", "Steps", "Trajectory error (mm)");
        foreach (var e in episodes)
        {
            table.AddRow(Markup.Escape(e.Episode), e.TruePath.Count.ToString(System.Globalization.CultureInfo.InvariantCulture), $"{e.Error * 1000:F2}");
        }
        var mean = episodes.Average(e => e.Error);
        table.AddRow("[bold]mean[/]", "", $"[bold]{mean * 1000:F2}[/]");
        var action = data.Statistics.Action.Mean;
        var (holdStill, meanVelocity) = PolicyEvaluator.Baselines(episodes, new Vec3(action[0], action[1], action[2]));
        table.AddRow("baseline: hold still", "", $"{holdStill * 1000:F2} (policy / baseline {mean / holdStill:F2})");
        table.AddRow("baseline: training mean velocity", "", $"{meanVelocity * 1000:F2} (policy / baseline {mean / meanVelocity:F2})");
        AnsiConsole.Write(table);
        var png = Path.Combine(folder, name + "_trajectories.png");
        var sampler = (policy as TactilePolicy)?.SamplerSteps is { } n ? $" ({n} DDIM steps)" : "";
        PolicyEvaluator.Plot(episodes, png, $"{info.Config.Policy.Head} policy{sampler}, epoch {info.Epoch}: T6 error {mean * 1000:F2} mm ({executed} action)");
        var metrics = Path.Combine(folder, name + "_metrics.json");
        File.WriteAllText(metrics, System.Text.Json.JsonSerializer.Serialize(new
        {
            split,
            executed = executed.ToString().ToLowerInvariant(),
            episodes = episodes.Count,
            sampler_steps = (policy as TactilePolicy)?.SamplerSteps,
            trajectory_error_mm = mean * 1000,
            hold_still_mm = holdStill * 1000,
            mean_velocity_mm = meanVelocity * 1000,
        }, new System.Text.Json.JsonSerializerOptions { WriteIndented = true }));
        AnsiConsole.MarkupLine($"mean trajectory error {mean:0.000000} m; wrote {Markup.Escape(png)} and {Markup.Escape(Path.GetFileName(metrics))}");
    }
}
