using SparshRobot.Core.Numerics;
using SparshRobot.Encoder.Model;
using static TorchSharp.torch;

namespace SparshRobot.Encoder.Probes;

/// <summary>
/// Computes the frozen encoder's tokens for every frame of a dataset split once and keeps them as
/// <c>&lt;cache&gt;/&lt;split&gt;/&lt;episode&gt;.&lt;encoder id&gt;.npy</c>, so probe training runs many epochs without
/// the encoder. The encoder identity in the file name keeps caches of different encoders apart; shifted-lighting copies
/// (<see cref="PhotometricJitter"/>) get their own files. A video (V-JEPA) encoder reads the episode's clips.
/// </summary>
public static class EmbeddingCache
{
    /// <param name="jitter">Also cache and return shifted-lighting copies of every sample, labelled as their originals (training sets).</param>
    public static LabelledEmbeddings Load(TactileEncoder encoder, TactileDataset dataset, string cacheDir, int batch = 16,
        Action<int, int>? onEpisode = null, PhotometricJitter? jitter = null)
    {
        var dir = Path.Combine(cacheDir, dataset.Split);
        Directory.CreateDirectory(dir);
        return LabelledEmbeddings.Read(dataset, (e, episode) =>
        {
            var copies = new List<Tensor>();
            for (var copy = 0; copy <= (jitter?.Copies ?? 0); copy++)
            {
                var suffix = copy == 0 ? "" : "." + jitter!.CacheKey(copy);
                var cached = Path.Combine(dir, $"{dataset.EpisodeKey(episode)}.{encoder.Identity[..12]}{suffix}.npy");
                if (File.Exists(cached))
                {
                    copies.Add(NpyTensors.ToTensor(Npy.Read(cached)));
                }
                else
                {
                    var tokens = Encode(encoder, episode, batch, copy == 0 ? null : (jitter!, copy, e));
                    Npy.Write(cached, NpyTensors.FromTensor(tokens));
                    copies.Add(tokens);
                }
            }
            return copies;
        }, onEpisode);
    }

    private static Tensor Encode(TactileEncoder encoder, string episode, int batch, (PhotometricJitter Jitter, int Copy, int Episode)? shifted)
    {
        using var stored = TactileDataset.ReadStoredInputs(episode, clips: encoder.Config.Mode == InputMode.Video);
        using var inputs = shifted is var (jitter, copy, index) ? jitter.Apply(stored, copy, index) : stored.alias();
        return encoder.EncodeFrames(inputs, batch);
    }
}
