using SparshRobot.Evaluation.Rollouts;

namespace SparshRobot.Cli.Commands;

/// <summary>Prints <c>policy eval --sim</c> results: one line per held-out maze, then the rates.</summary>
internal static class PolicySimReport
{
    public static void WriteMaze(TextWriter output, SimMazeResult maze)
    {
        var m = maze.Metrics;
        output.WriteLine($"{maze.Maze,-28} {(m.Success ? "success" : "failed"),-8} completion {m.Completion,6:P1}  time {m.Time,6:F1} s  slips {m.Slips,3}  drops {m.Drops,2}  " +
            $"jams {m.Jams,2}  steps {maze.PolicySteps,5}  not ready {maze.NotReady,4}  inference {maze.MeanInferenceMs,6:F1} ms" +
            (maze.Rollout.StopReason is { } why ? $"  (stopped: {why})" : ""));
    }

    public static void WriteSummary(TextWriter output, SimEvaluationReport report)
    {
        var o = report.Options;
        output.WriteLine($"{report.Mazes.Count} held-out {o.Difficulty} mazes ({o.Mode.ToString().ToLowerInvariant()} execution): " +
            $"success rate {report.SuccessRate:P1}, mean completion {report.MeanCompletion:P1}, mean inference {report.MeanInferenceMs:F1} ms per step");
    }
}
