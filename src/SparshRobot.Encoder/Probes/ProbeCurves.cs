using ScottPlot;
using SparshRobot.Encoder.Plotting;

namespace SparshRobot.Encoder.Probes;

/// <summary>Loss and metric per epoch as PNGs written next to the run's outputs.</summary>
public static class ProbeCurves
{
    public static (string Loss, string Metric) Write(string directory, IReadOnlyList<ProbeEpoch> history, ProbeScore baseline)
    {
        var epochs = history.Select(h => (double)h.Epoch).ToArray();
        var loss = new Plot();
        loss.Add.Scatter(epochs, history.Select(h => h.TrainLoss).ToArray()).LegendText = "train";
        loss.Add.Scatter(epochs, history.Select(h => h.TestLoss).ToArray()).LegendText = "test";
        loss.Title("Probe loss");
        loss.XLabel("epoch");
        loss.YLabel("loss");
        TrainingCurves.Style(loss, legend: true);
        var lossPath = Path.Combine(directory, "probe_loss.png");
        loss.SavePng(lossPath, 800, 500);

        var metric = new Plot();
        metric.Add.Scatter(epochs, history.Select(h => h.Score.Value).ToArray()).LegendText = "probe (test)";
        metric.Add.HorizontalLine(baseline.Value).LegendText = "constant baseline";
        metric.Title(history.Count > 0 ? history[0].Score.Name : "metric");
        metric.XLabel("epoch");
        metric.YLabel(history.Count > 0 ? history[0].Score.Name : "");
        TrainingCurves.Style(metric, legend: true);
        var metricPath = Path.Combine(directory, "probe_metric.png");
        metric.SavePng(metricPath, 800, 500);
        return (lossPath, metricPath);
    }
}
