using ScottPlot;

namespace SparshRobot.Encoder.Training;

/// <summary>The look every training curve shares (MAE pretraining, probes, policies).</summary>
public static class TrainingCurves
{
    /// <summary>
    /// Whole-number ticks on the epoch (or step) axis, which a short run would otherwise label 1.5, 2.5; and, where the
    /// curves are named, the legend beside the plot, where it never hides the curves it names.
    /// </summary>
    public static void Style(Plot plot, bool legend)
    {
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic { IntegerTicksOnly = true };
        if (legend)
        {
            plot.ShowLegend(Edge.Right);
        }
    }
}
