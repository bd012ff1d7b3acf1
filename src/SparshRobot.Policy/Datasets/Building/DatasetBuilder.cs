using System.Diagnostics;
using SparshRobot.Mcap;
using SparshRobot.Ros.Bags;
using SparshRobot.Ros.Cdr;

namespace SparshRobot.Policy.Datasets.Building;

/// <summary>What a build reports while it runs (the CLI draws progress bars from it); every method is optional.</summary>
public interface IDatasetBuildObserver
{
    void Scanning(int bags)
    {
    }

    void Scanned(string bag, string? rejection)
    {
    }

    void EpisodeStarted(EpisodeScan scan, bool resumed)
    {
    }

    /// <summary>Fraction of the current episode's tactile stacks built.</summary>
    void EpisodeProgress(EpisodeScan scan, double fraction)
    {
    }

    void EpisodeFinished(EpisodeScan scan, TimeSpan elapsed)
    {
    }
}

/// <summary>The finished dataset, what was skipped, and how much work this run did.</summary>
public sealed record DatasetBuildResult(PolicyDataset Dataset, int Built, int Resumed, TimeSpan BuildTime);

/// <summary>
/// <c>sparsh-robot dataset build</c>: one episode per bag. All bags are scanned first (stamps only), so the train /
/// validation split is drawn over the bags that will really become episodes; then each episode is built and written
/// atomically. With <c>resume</c>, episodes a previous run completed with the same config are kept, not rebuilt.
/// </summary>
public static class DatasetBuilder
{
    public static DatasetBuildResult Build(IReadOnlyList<string> bags, DatasetBuildConfig config, string output, bool resume, IDatasetBuildObserver? observer = null)
    {
        observer ??= new NullObserver();
        if (bags.Count == 0)
        {
            throw new ArgumentException("no bags to build from", nameof(bags));
        }
        var duplicate = bags.GroupBy(BagScanner.EpisodeName).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new ArgumentException($"bags {string.Join(" and ", duplicate)} would both become episode '{duplicate.Key}'; episode names come from bag names and must be unique");
        }

        observer.Scanning(bags.Count);
        var scans = new List<EpisodeScan>();
        var skipped = new List<SkippedBag>();
        foreach (var bag in bags)
        {
            var (scan, rejection) = Attempt(() => BagScanner.Scan(bag, config));
            if (scan is not null)
            {
                scans.Add(scan);
            }
            else
            {
                skipped.Add(new SkippedBag { Bag = bag, Reason = rejection! });
            }
            observer.Scanned(bag, rejection);
        }

        var validation = ValidationEpisodes(scans.Select(s => s.Name).ToList(), config.ValRatio, config.SplitSeed);
        var manifest = Manifest(config);
        var writer = resume ? PolicyDatasetWriter.Resume(output, manifest) : new PolicyDatasetWriter(output, manifest);
        int built = 0, resumed = 0;
        var clock = Stopwatch.StartNew();
        foreach (var scan in scans)
        {
            var episode = new DatasetEpisode
            {
                Name = scan.Name,
                Split = validation.Contains(scan.Name) ? PolicyDataset.ValidationSplit : PolicyDataset.TrainSplit,
                Steps = scan.Steps,
                Bag = scan.Bag,
                Success = scan.Success,
            };
            if (resume && writer.Adopt(episode))
            {
                observer.EpisodeStarted(scan, resumed: true);
                resumed++;
                continue;
            }
            observer.EpisodeStarted(scan, resumed: false);
            var started = Stopwatch.StartNew();
            var (arrays, rejection) = Attempt(() => EpisodeBuilder.Build(scan, config, f => observer.EpisodeProgress(scan, f)));
            if (arrays is null)
            {
                skipped.Add(new SkippedBag { Bag = scan.Bag, Reason = rejection! });
                continue;
            }
            writer.WriteEpisode(episode, arrays.Stamps, arrays.State, arrays.Action, arrays.Frames);
            built++;
            observer.EpisodeFinished(scan, started.Elapsed);
        }
        foreach (var s in skipped)
        {
            writer.Skip(s.Bag, s.Reason);
        }
        return new DatasetBuildResult(writer.Finish(), built, resumed, clock.Elapsed);
    }

    /// <summary>
    /// The episodes held out: a seeded shuffle of the names in ordinal order, <c>round(n * ratio)</c> of them, at
    /// least one when there are two or more episodes and the ratio is positive, never all of them.
    /// </summary>
    public static IReadOnlySet<string> ValidationEpisodes(IReadOnlyList<string> names, double ratio, int seed)
    {
        var ordered = names.Order(StringComparer.Ordinal).ToArray();
        var count = ratio <= 0 || ordered.Length < 2 ? 0 : Math.Clamp((int)Math.Round(ordered.Length * ratio), 1, ordered.Length - 1);
        new Random(seed).Shuffle(ordered);
        return ordered.Take(count).ToHashSet();
    }

    public static DatasetManifest Manifest(DatasetBuildConfig config) => new()
    {
        RateHz = config.RateHz,
        FrameStride = config.FrameStride,
        ImageHeight = config.ImageHeight,
        ImageWidth = config.ImageWidth,
        Sensors = [.. config.Sensors.Select(s => new DatasetSensor { Name = s.Name, Topic = s.Topic })],
        StateFeatures = [.. EpisodeBuilder.StateFeatures],
        ActionFeatures = [.. EpisodeBuilder.ActionFeatures],
        BuildConfig = config.Text,
    };

    /// <summary>Runs one bag's step; a bag that is damaged or does not meet the bounds becomes a skip reason.</summary>
    private static (T? Result, string? Rejection) Attempt<T>(Func<T> step)
        where T : class
    {
        try
        {
            return (step(), null);
        }
        catch (Exception e) when (e is EpisodeRejectedException or BagFormatException or McapFormatException or CdrFormatException or InvalidDataException)
        {
            return (null, e.Message);
        }
    }

    private sealed class NullObserver : IDatasetBuildObserver;
}
