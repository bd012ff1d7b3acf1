using SparshRobot.Core.Numerics;
using static TorchSharp.torch;

namespace SparshRobot.Encoder.Probes;

/// <summary>
/// Computes the frozen encoder's tokens for every frame of a dataset split once and keeps them as
/// <c>&lt;cache&gt;/&lt;split&gt;/&lt;episode&gt;.&lt;encoder id&gt;.npy</c>, so probe training runs many epochs without
/// the encoder. The encoder identity in the file name keeps caches of different encoders apart; shifted-lighting copies
/// (<see cref="PhotometricJitter"/>) get their own files.
/// </summary>
public static class EmbeddingCache
{
    /// <param name="jitter">Also cache and return shifted-lighting copies of every sample, labelled as their originals (training sets).</param>
    public static LabelledEmbeddings Load(TactileEncoder encoder, TactileDataset dataset, string cacheDir, int batch = 16,
        Action<int, int>? onEpisode = null, PhotometricJitter? jitter = null)
    {
        var tokens = new List<Tensor>();
        var episodes = new List<int>();
        var force = new List<Tensor>();
        var slip = new List<Tensor>();
        var delta = new List<Tensor>();
        var pose = new List<Tensor>();
        var slipTicks = new List<(long Ticks, long Slipping)>();
        var dir = Path.Combine(cacheDir, dataset.Split);
        Directory.CreateDirectory(dir);
        for (var e = 0; e < dataset.Episodes.Count; e++)
        {
            var episode = dataset.Episodes[e];
            Tensor?[] labels = [];
            for (var copy = 0; copy <= (jitter?.Copies ?? 0); copy++)
            {
                var suffix = copy == 0 ? "" : "." + jitter!.CacheKey(copy);
                var cached = Path.Combine(dir, $"{dataset.EpisodeKey(episode)}.{encoder.Identity[..12]}{suffix}.npy");
                Tensor episodeTokens;
                if (File.Exists(cached))
                {
                    episodeTokens = NpyTensors.ToTensor(Npy.Read(cached));
                }
                else
                {
                    episodeTokens = Encode(encoder, episode, batch, copy == 0 ? null : (jitter!, copy, e));
                    Npy.Write(cached, NpyTensors.FromTensor(episodeTokens));
                }
                var frames = episodeTokens.shape[0];
                tokens.Add(episodeTokens);
                episodes.AddRange(Enumerable.Repeat(e, (int)frames));
                // A shifted copy is labelled as its original: the episode's labels are read once and listed per copy.
                if (copy == 0)
                {
                    labels =
                    [
                        TactileDataset.ReadLabel(episode, "force.npy", frames, 3),
                        TactileDataset.ReadLabel(episode, "slip.npy", frames, 0),
                        TactileDataset.ReadLabel(episode, "delta_force.npy", frames, 3),
                        TactileDataset.ReadLabel(episode, "pose_bins.npy", frames, 3),
                    ];
                }
                Add(force, labels[0]);
                Add(slip, labels[1]);
                Add(delta, labels[2]);
                Add(pose, labels[3]);
            }
            if (TactileDataset.ReadSlipTicks(episode) is { } counts)
            {
                slipTicks.Add(counts);
            }
            onEpisode?.Invoke(e + 1, dataset.Episodes.Count);
        }
        var result = new LabelledEmbeddings
        {
            Tokens = cat(tokens, 0),
            Episode = [.. episodes],
            Force = All(force, tokens.Count),
            Slip = All(slip, tokens.Count),
            DeltaForce = All(delta, tokens.Count),
            PoseBins = All(pose, tokens.Count),
            NaturalSlip = slipTicks.Count == dataset.Episodes.Count ? (slipTicks.Sum(c => c.Ticks), slipTicks.Sum(c => c.Slipping)) : null,
        };
        foreach (var t in tokens.Concat(force).Concat(slip).Concat(delta).Concat(pose).Distinct<Tensor>(ReferenceEqualityComparer.Instance))
        {
            t.Dispose();
        }
        return result;
    }

    private static Tensor Encode(TactileEncoder encoder, string episode, int batch, (PhotometricJitter Jitter, int Copy, int Episode)? shifted)
    {
        using var stored = TactileDataset.ReadStoredInputs(episode);
        using var inputs = shifted is var (jitter, copy, index) ? jitter.Apply(stored, copy, index) : stored.alias();
        return encoder.EncodeFrames(inputs, batch);
    }

    private static void Add(List<Tensor> list, Tensor? label)
    {
        if (label is not null)
        {
            list.Add(label);
        }
    }

    /// <summary>A label is usable only when every episode has it.</summary>
    private static Tensor? All(List<Tensor> parts, int episodes) => parts.Count == episodes ? cat(parts, 0) : null;
}
