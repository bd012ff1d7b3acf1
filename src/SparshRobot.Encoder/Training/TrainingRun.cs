using ScottPlot;
using SparshRobot.Core.IO;

namespace SparshRobot.Encoder.Training;

/// <summary>
/// The output folder of one training run (MAE pretraining, a probe, a policy): what keeps a new run from overwriting
/// an old one, the effective configuration, the loss log and the curves, so every trainer leaves the same kind of
/// folder behind.
/// </summary>
public sealed class TrainingRun
{
    /// <summary>Pixel size of every training curve.</summary>
    public const int PlotWidth = 800, PlotHeight = 500;

    /// <summary>Opens <paramref name="folder"/>, creating it when missing.</summary>
    public TrainingRun(string folder)
    {
        Folder = Directory.CreateDirectory(folder).FullName;
    }

    /// <summary>The folder's full path.</summary>
    public string Folder { get; }

    /// <summary>The full path of <paramref name="file"/> in the run folder.</summary>
    public string PathOf(string file) => Path.Combine(Folder, file);

    /// <summary>
    /// Whether the run continues from <paramref name="stateFile"/>: only when it exists and <paramref name="resume"/>
    /// is set. A run folder that already holds a state is never started over by accident.
    /// </summary>
    /// <param name="resumeOption">How the caller spells "resume", for the message (<c>--resume</c> on the command line).</param>
    /// <exception cref="IOException">The state exists and <paramref name="resume"/> is not set.</exception>
    public bool Resumes(string stateFile, bool resume, string resumeOption)
    {
        var path = PathOf(stateFile);
        if (!File.Exists(path))
        {
            return false;
        }
        return resume ? true : throw new IOException($"{path} exists: pass {resumeOption} to continue that run, or choose another output folder");
    }

    /// <summary>Writes the effective configuration (the file with the command line's settings over it), replacing any older one whole.</summary>
    public void WriteEffectiveConfig(string text) => AtomicFile.WriteAllText(PathOf(YamlConfig.EffectiveFile), text);

    /// <summary>The run's CSV loss log <paramref name="file"/>; <paramref name="header"/> is its first line, or null for none.</summary>
    public TrainingLog Log(string file, string? header) => new(PathOf(file), header);

    /// <summary>Styles <paramref name="plot"/> as every training curve (<see cref="TrainingCurves"/>) and saves it as the PNG <paramref name="file"/>.</summary>
    /// <returns>The PNG's full path.</returns>
    public string SavePlot(Plot plot, string file, bool legend)
    {
        TrainingCurves.Style(plot, legend);
        var path = PathOf(file);
        plot.SavePng(path, PlotWidth, PlotHeight);
        return path;
    }
}
