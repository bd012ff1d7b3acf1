using ScottPlot;
using SparshRobot.Encoder.Training;

namespace SparshRobot.Encoder.Probes;

/// <summary>Loss and metric per epoch as PNGs in the probe's run folder.</summary>
public static class ProbeCurves
{
    public static (string Loss, string Metric) Write(TrainingRun run, IReadOnlyList<ProbeEpoch> history, ProbeScore baseline)
    {
        var epochs = history.Select(h => (double)h.Epoch).ToArray();
        var loss = new Plot();
        loss.Add.Scatter(epochs, history.Select(h => h.TrainLoss).ToArray()).LegendText = "train";
        loss.Add.Scatter(epochs, history.Select(h => h.TestLoss).ToArray()).LegendText = "test";
        loss.Title("Probe loss");
        loss.XLabel("epoch");
        loss.YLabel("loss");
        var lossPath = run.SavePlot(loss, "probe_loss.png", legend: true);

        var metric = new Plot();
        metric.Add.Scatter(epochs, history.Select(h => h.Score.Value).ToArray()).LegendText = "probe (test)";
        metric.Add.HorizontalLine(baseline.Value).LegendText = "constant baseline";
        metric.Title(history.Count > 0 ? history[0].Score.Name : "metric");
        metric.XLabel("epoch");
        metric.YLabel(history.Count > 0 ? history[0].Score.Name : "");
        var metricPath = run.SavePlot(metric, "probe_metric.png", legend: true);
        return (lossPath, metricPath);
    }
}
