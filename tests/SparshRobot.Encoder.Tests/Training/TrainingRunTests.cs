using System.Buffers.Binary;
using ScottPlot;
using SparshRobot.Core.IO;
using SparshRobot.Encoder.Training;
using SparshRobot.Testing;

namespace SparshRobot.Encoder.Tests.Training;

public class TrainingRunTests
{
    private DirectoryInfo _dir = null!;

    [SetUp]
    public void SetUp() => _dir = TestPaths.NewTempDirectory("training-run");

    [TearDown]
    public void TearDown() => _dir.Delete(recursive: true);

    [Test]
    public void OpeningCreatesTheFolder()
    {
        var run = new TrainingRun(Path.Combine(_dir.FullName, "a", "b"));
        Assert.That(Directory.Exists(run.Folder), Is.True);
        Assert.That(run.PathOf("loss.csv"), Is.EqualTo(Path.Combine(_dir.FullName, "a", "b", "loss.csv")));
    }

    [Test]
    public void AFolderWithoutStateStartsOverWhetherOrNotResumeIsAsked()
    {
        var run = new TrainingRun(_dir.FullName);
        Assert.That(run.Resumes("state.safetensors", resume: false, "--resume"), Is.False);
        Assert.That(run.Resumes("state.safetensors", resume: true, "--resume"), Is.False);
    }

    [Test]
    public void AFolderWithStateResumesOnlyWhenAsked()
    {
        var run = new TrainingRun(_dir.FullName);
        File.WriteAllText(run.PathOf("state.safetensors"), "");
        Assert.That(run.Resumes("state.safetensors", resume: true, "--resume"), Is.True);
        Assert.That(() => run.Resumes("state.safetensors", resume: false, "--resume"), Throws.TypeOf<IOException>()
            .With.Message.Contains(run.PathOf("state.safetensors")).And.Message.Contains("pass --resume"));
    }

    [Test]
    public void TheEffectiveConfigurationIsWrittenUnderItsFixedName()
    {
        var run = new TrainingRun(_dir.FullName);
        run.WriteEffectiveConfig("seed: 3\n");
        run.WriteEffectiveConfig("seed: 4\n");
        Assert.That(File.ReadAllText(run.PathOf(YamlConfig.EffectiveFile)), Is.EqualTo("seed: 4\n"));
    }

    [Test]
    public void ALogWithAHeaderIsCutBackToTheRowsAResumeKeeps()
    {
        var log = new TrainingRun(_dir.FullName).Log("loss.csv", "epoch,loss");
        log.Start();
        foreach (var row in new[] { "1,0.9", "2,0.5", "3,0.4" })
        {
            log.Append(row);
        }
        Assert.That(log.CutBackTo(2), Is.EqualTo(new[] { "1,0.9", "2,0.5" }));
        Assert.That(File.ReadAllLines(log.Path), Is.EqualTo(new[] { "epoch,loss", "1,0.9", "2,0.5" }));
    }

    [Test]
    public void ALogWithoutAHeaderKeepsRowsFromTheFirstLine()
    {
        var log = new TrainingRun(_dir.FullName).Log("mae_loss.csv", header: null);
        log.Start();
        log.Append("1,0.3");
        log.Append("2,0.2");
        Assert.That(log.CutBackTo(1), Is.EqualTo(new[] { "1,0.3" }));
        Assert.That(File.ReadAllLines(log.Path), Is.EqualTo(new[] { "1,0.3" }));
    }

    [Test]
    public void StartingDropsWhatAnEarlierRunLogged()
    {
        var log = new TrainingRun(_dir.FullName).Log("loss.csv", "epoch,loss");
        File.WriteAllText(log.Path, "epoch,loss\n1,0.9\n2,0.8\n");
        log.Start();
        log.Append("1,0.7");
        Assert.That(File.ReadAllLines(log.Path), Is.EqualTo(new[] { "epoch,loss", "1,0.7" }));
    }

    [Test]
    public void CuttingBackAMissingLogKeepsNothing()
    {
        var log = new TrainingRun(_dir.FullName).Log("loss.csv", "epoch,loss");
        Assert.That(log.CutBackTo(5), Is.Empty);
        Assert.That(File.Exists(log.Path), Is.False);
    }

    [Test]
    public void APlotIsSavedAsAPngOfTheSharedSize()
    {
        var run = new TrainingRun(_dir.FullName);
        var plot = new Plot();
        plot.Add.Scatter(new double[] { 1, 2, 3 }, new double[] { 0.9, 0.5, 0.4 });
        var path = run.SavePlot(plot, "loss.png", legend: false);
        var bytes = File.ReadAllBytes(path);
        Assert.That(path, Is.EqualTo(run.PathOf("loss.png")));
        // PNG signature, then the IHDR chunk: width and height big-endian at bytes 16 and 20.
        Assert.That(bytes[1..4], Is.EqualTo("PNG"u8.ToArray()));
        Assert.That(BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(16)), Is.EqualTo(TrainingRun.PlotWidth));
        Assert.That(BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(20)), Is.EqualTo(TrainingRun.PlotHeight));
    }
}
