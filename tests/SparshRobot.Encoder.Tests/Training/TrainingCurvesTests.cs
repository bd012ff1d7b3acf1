using ScottPlot;
using SparshRobot.Encoder.Training;

namespace SparshRobot.Encoder.Tests.Training;

[Category("torch")]
public class TrainingCurvesTests
{
    private static Plot ThreeEpochs()
    {
        var plot = new Plot();
        plot.Add.Scatter(new double[] { 1, 2, 3 }, new double[] { 0.9, 0.5, 0.4 }).LegendText = "train";
        return plot;
    }

    [Test]
    public void AShortRunGetsWholeEpochTicksOnly()
    {
        var plain = ThreeEpochs();
        plain.GetImageBytes(800, 500, ImageFormat.Png);
        Assert.That(plain.Axes.Bottom.TickGenerator.Ticks.Any(t => t.Position % 1 != 0), Is.True, "ScottPlot's default labels half epochs");

        var styled = ThreeEpochs();
        TrainingCurves.Style(styled, legend: true);
        styled.GetImageBytes(800, 500, ImageFormat.Png);
        var ticks = styled.Axes.Bottom.TickGenerator.Ticks.Where(t => t.IsMajor).Select(t => t.Position).ToList();
        Assert.That(ticks, Is.Not.Empty);
        Assert.That(ticks, Is.All.Matches<double>(p => p % 1 == 0), string.Join(", ", ticks));
    }
}
