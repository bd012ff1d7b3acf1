using SparshRobot.Core.Numerics;
using SparshRobot.Encoder;
using SparshRobot.Policy.Datasets;
using static TorchSharp.torch;

namespace SparshRobot.Policy.Embeddings;

/// <summary>The cached tokens of one split: per sensor all episodes' rows stacked, plus where each episode starts.</summary>
public sealed class SplitTokens(IReadOnlyList<DatasetEpisode> episodes, IReadOnlyList<Tensor> sensors, long[] offsets) : IDisposable
{
    public IReadOnlyList<DatasetEpisode> Episodes { get; } = episodes;

    /// <summary>One (rows, N, D) float16 tensor per sensor, in manifest sensor order.</summary>
    public IReadOnlyList<Tensor> Sensors { get; } = sensors;

    /// <summary>Row of each episode's first step; <c>Offsets[^1]</c> is the row count.</summary>
    public long[] Offsets { get; } = offsets;

    public long Rows => Offsets[^1];

    public int Tokens => (int)Sensors[0].shape[1];

    public int EmbedDim => (int)Sensors[0].shape[2];

    public void Dispose()
    {
        foreach (var tensor in Sensors)
        {
            tensor.Dispose();
        }
    }
}

/// <summary>
/// Frozen-encoder token caches of a <see cref="PolicyDataset"/>:
/// <c>&lt;root&gt;/embeddings/&lt;encoder identity, 12 hex&gt;/&lt;split&gt;/&lt;episode&gt;/&lt;sensor&gt;.tokens</c>, (T, N, D)
/// float16 (half the memory of float32; the pooler sees no difference at this precision) packed by
/// <see cref="TokenFile"/> to about a third of its bytes; caches written before that as <c>&lt;sensor&gt;.npy</c> still
/// load. Each file is written
/// to a temporary name and renamed, so an interrupted run leaves only whole files and the next run computes only
/// what is missing. The full identity is kept in <c>identity.txt</c> so a prefix collision cannot mix encoders.
/// </summary>
public sealed class EmbeddingStore
{
    public const string IdentityFile = "identity.txt";

    public EmbeddingStore(PolicyDataset dataset, string encoderIdentity)
    {
        Dataset = dataset;
        EncoderIdentity = encoderIdentity;
        Directory = Path.Combine(dataset.Root, "embeddings", encoderIdentity[..12]);
        var identityPath = Path.Combine(Directory, IdentityFile);
        if (File.Exists(identityPath) && File.ReadAllText(identityPath).Trim() != encoderIdentity)
        {
            throw new InvalidDataException($"{identityPath}: holds tokens of encoder {File.ReadAllText(identityPath).Trim()}, not of {encoderIdentity}; delete the folder to re-embed");
        }
    }

    public PolicyDataset Dataset { get; }

    public string EncoderIdentity { get; }

    public string Directory { get; }

    /// <summary>Where the tokens of one episode and sensor are written.</summary>
    public string PathOf(DatasetEpisode episode, string sensor) => Path.Combine(Directory, episode.Split, episode.Name, sensor + TokenFile.Extension);

    /// <summary>The cache of one episode and sensor as written today, or as an <c>.npy</c> of an earlier build; null when neither exists.</summary>
    private string? Existing(DatasetEpisode episode, string sensor)
    {
        var path = PathOf(episode, sensor);
        var legacy = Path.ChangeExtension(path, ".npy");
        return File.Exists(path) ? path : File.Exists(legacy) ? legacy : null;
    }

    /// <summary>The (episode, sensor) caches of <paramref name="split"/> (all splits when null) not yet on disk.</summary>
    public IReadOnlyList<(DatasetEpisode Episode, string Sensor)> Missing(string? split = null) =>
        [.. Dataset.Manifest.Episodes
            .Where(e => split is null || e.Split == split)
            .SelectMany(e => Dataset.Manifest.Sensors.Select(s => (e, s.Name)))
            .Where(p => Existing(p.e, p.Name) is null)];

    /// <summary>
    /// Encodes every missing cache of <paramref name="split"/> (all splits when null). <paramref name="progress"/>
    /// gets (frames done, frames to do). Returns the number of files written.
    /// </summary>
    public int Compute(TactileEncoder encoder, string? split = null, int batch = 32, Action<long, long>? progress = null)
    {
        if (encoder.Identity != EncoderIdentity)
        {
            throw new ArgumentException($"the encoder given ({encoder.Identity[..12]}) is not the store's ({EncoderIdentity[..12]})", nameof(encoder));
        }
        var missing = Missing(split);
        var total = missing.Sum(m => (long)m.Episode.Steps);
        long done = 0;
        System.IO.Directory.CreateDirectory(Directory);
        File.WriteAllText(Path.Combine(Directory, IdentityFile), EncoderIdentity + "\n");
        foreach (var (episode, sensor) in missing)
        {
            using var inputs = NpyTensors.ToTensor(Dataset.ReadInputs(episode, sensor));
            var before = done;
            using var tokens = encoder.EncodeFrames(inputs, batch, ScalarType.Float16, frames => progress?.Invoke(before + frames, total));
            done += episode.Steps;
            var path = PathOf(episode, sensor);
            System.IO.Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            TokenFile.Write(path, NpyTensors.FromTensor(tokens));
        }
        return missing.Count;
    }

    /// <summary>
    /// Loads every cache of <paramref name="split"/> into one float16 tensor per sensor (allocated once and filled
    /// episode by episode, so peak memory is the split plus one episode).
    /// </summary>
    public SplitTokens Load(string split)
    {
        var episodes = Dataset.Split(split);
        if (episodes.Count == 0)
        {
            throw new InvalidDataException($"{Dataset.Root}: no episode in split '{split}'");
        }
        var missing = Missing(split);
        if (missing.Count > 0)
        {
            throw new FileNotFoundException(
                $"{PathOf(missing[0].Episode, missing[0].Sensor)}: {missing.Count} token caches of split '{split}' are missing; run 'sparsh-robot dataset embed --dataset {Dataset.Root} --encoder <checkpoint>'");
        }
        var offsets = new long[episodes.Count + 1];
        for (var i = 0; i < episodes.Count; i++)
        {
            offsets[i + 1] = offsets[i] + episodes[i].Steps;
        }
        var sensors = new List<Tensor>();
        try
        {
            long[]? tokenShape = null;
            foreach (var sensor in Dataset.Manifest.Sensors)
            {
                Tensor? all = null;
                for (var i = 0; i < episodes.Count; i++)
                {
                    var path = Existing(episodes[i], sensor.Name)!;
                    var array = path.EndsWith(TokenFile.Extension, StringComparison.Ordinal) ? TokenFile.Read(path) : Npy.Read(path);
                    tokenShape ??= array.Shape.Length == 3 ? array.Shape[1..] : null;
                    if (array.DType != NpyDType.Float16 || tokenShape is null || !array.Shape.SequenceEqual([episodes[i].Steps, .. tokenShape]))
                    {
                        throw new NpyFormatException(path,
                            $"expected float16 tokens of shape ({episodes[i].Steps}, {(tokenShape is null ? "N, D" : string.Join(", ", tokenShape))}), found {Npy.Descr(array.DType)} ({string.Join(", ", array.Shape)})");
                    }
                    if (all is null)
                    {
                        all = empty([offsets[^1], .. tokenShape], ScalarType.Float16);
                        sensors.Add(all);
                    }
                    using var episode = NpyTensors.ToTensor(array);
                    using var slot = all.narrow(0, offsets[i], episodes[i].Steps);
                    slot.copy_(episode);
                }
            }
            return new SplitTokens(episodes, sensors, offsets);
        }
        catch
        {
            sensors.ForEach(s => s.Dispose());
            throw;
        }
    }
}
