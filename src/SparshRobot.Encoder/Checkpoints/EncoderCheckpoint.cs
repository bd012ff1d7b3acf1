using System.Globalization;
using System.Security.Cryptography;
using System.Text.RegularExpressions;
using SparshRobot.Encoder.Model;
using TorchSharp;
using static TorchSharp.torch;

namespace SparshRobot.Encoder.Checkpoints;

/// <summary>
/// What a checkpoint file holds as a Sparsh encoder: method family, the prefix of its keys, and the
/// configuration inferred from the stored shapes (embed dim and channels from the patch weight, depth from the
/// block indices, register count from <c>register_tokens</c>, image or video mode from the patch kernel rank).
/// </summary>
public sealed partial record EncoderCheckpoint(string FilePath, CheckpointFamily Family, string Prefix, VitConfig Config, long ParameterCount)
{
    /// <summary>Sparsh uses 64-dimensional heads at every size; other head counts come from metadata or the caller.</summary>
    public const int SparshHeadDim = 64;

    /// <summary>Opens <c>.safetensors</c> directly and anything else (<c>.ckpt</c>, <c>.pth</c>) as a PyTorch pickle.</summary>
    public static ITensorSource OpenSource(string path) =>
        Path.GetExtension(path).Equals(".safetensors", StringComparison.OrdinalIgnoreCase)
            ? SafetensorsFile.Open(path)
            : PickledStateDict.Open(path);

    /// <summary>Describes the encoder in <paramref name="source"/>; <paramref name="numHeads"/> overrides the head count.</summary>
    public static EncoderCheckpoint Describe(ITensorSource source, int? numHeads = null)
    {
        var detected = CheckpointFamilies.Detect(source.Entries.Keys.ToHashSet(), source.FilePath)
            ?? throw new CheckpointException(source.FilePath,
                $"no Sparsh encoder found: none of {CheckpointFamilies.PatchWeightKey} or its teacher_encoder.backbone., target_encoder(.backbone)., encoder. forms is present; first keys: {string.Join(", ", source.Entries.Keys.Order(StringComparer.Ordinal).Take(5))}");
        var (family, prefix) = detected;
        var patch = source.Entries[prefix + CheckpointFamilies.PatchWeightKey];
        var video = patch.Shape.Length == 5;
        if (patch.Shape.Length is not (4 or 5) || patch.Shape[^1] != patch.Shape[^2])
        {
            throw new CheckpointException(source.FilePath, $"{prefix}{CheckpointFamilies.PatchWeightKey} has shape {patch.ShapeText}; expected (D, C, P, P) or (D, C, T, P, P)");
        }
        var dim = (int)patch.Shape[0];
        var depth = source.Entries.Keys
            .Where(k => k.StartsWith(prefix, StringComparison.Ordinal))
            .Select(k => BlockIndex().Match(k[prefix.Length..]))
            .Where(m => m.Success)
            .Select(m => int.Parse(m.Groups[1].ValueSpan, CultureInfo.InvariantCulture) + 1)
            .DefaultIfEmpty(0)
            .Max();
        var registers = source.Entries.TryGetValue(prefix + "register_tokens", out var reg) ? (int)reg.Shape[1] : 0;
        var heads = numHeads
            ?? (source.Metadata.TryGetValue("num_heads", out var text) && int.TryParse(text, CultureInfo.InvariantCulture, out var h) ? h : (int?)null)
            ?? (dim % SparshHeadDim == 0 ? dim / SparshHeadDim
                : throw new CheckpointException(source.FilePath, $"embed dim {dim} is not a multiple of {SparshHeadDim}; give the head count explicitly"));
        if (depth == 0)
        {
            throw new CheckpointException(source.FilePath, $"no {prefix}blocks.N.* keys: cannot infer the depth");
        }
        var config = new VitConfig
        {
            EmbedDim = dim,
            Depth = depth,
            NumHeads = heads,
            Registers = registers,
            InChannels = (int)patch.Shape[1],
            PatchSize = (int)patch.Shape[^1],
            Mode = video ? InputMode.Video : InputMode.Image,
            Tubelet = video ? (int)patch.Shape[2] : 2,
        };
        // A flat file this project pretrained names its method in the metadata; a released one, in its file name.
        if (family == CheckpointFamily.Unknown && source.Metadata.TryGetValue("method", out var method))
        {
            family = CheckpointFamilies.FromFileName(method);
        }
        if (family == CheckpointFamily.Unknown && video)
        {
            family = CheckpointFamily.VJepa;
        }
        var parameters = source.Entries.Where(kv => kv.Key.StartsWith(prefix, StringComparison.Ordinal) && !kv.Key.EndsWith("frequency_bands", StringComparison.Ordinal))
            .Sum(kv => kv.Value.Shape.Aggregate(1L, (a, d) => a * d));
        return new EncoderCheckpoint(source.FilePath, family, prefix, config, parameters);
    }

    public static EncoderCheckpoint Describe(string path, int? numHeads = null)
    {
        using var source = OpenSource(path);
        return Describe(source, numHeads);
    }

    /// <summary>
    /// Builds the encoder the checkpoint describes and loads it strictly; <c>frequency_bands</c> is compared with
    /// the computed table rather than loaded. The model comes back in eval mode on <paramref name="device"/>.
    /// </summary>
    public static (SparshVit Model, EncoderCheckpoint Info) Load(string path, Device? device = null, int? numHeads = null)
    {
        using var source = OpenSource(path);
        var info = Describe(source, numHeads);
        var model = new SparshVit(info.Config);
        try
        {
            var ndim = info.Config.Mode == InputMode.Video ? 3 : 2;
            StrictLoader.Load(model, source, info.Prefix, new Dictionary<string, StrictLoader.StoredTensorCheck>
            {
                ["pos_embed.frequency_bands"] = stored => CheckFrequencyBands(stored, info.Config.EmbedDim, ndim),
            });
            if (device is not null && device.type != DeviceType.CPU)
            {
                model.to(device);
            }
            model.eval();
            return (model, info);
        }
        catch
        {
            model.Dispose();
            throw;
        }
    }

    /// <summary>
    /// SHA-256 over the encoder's state (keys in order, shapes, float32 bytes): the same weights give the same
    /// identity whether they came from a <c>.ckpt</c> or a <c>.safetensors</c>. Probes record it.
    /// </summary>
    public static string Identity(nn.Module model)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var (key, tensor) in model.state_dict().OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            hash.AppendData(System.Text.Encoding.UTF8.GetBytes($"{key}:{string.Join(",", tensor.shape)};"));
            using var cpu = tensor.detach().to(ScalarType.Float32).cpu().contiguous();
            hash.AppendData(cpu.bytes);
        }
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    private static string? CheckFrequencyBands(Tensor stored, int dim, int ndim)
    {
        var expected = SinusoidalEmbed.FrequencyBands(dim, ndim);
        var actual = stored.data<float>().ToArray();
        if (actual.Length != expected.Length)
        {
            return $"holds {actual.Length} values, the computed table has {expected.Length}";
        }
        var worst = expected.Zip(actual, (e, a) => Math.Abs(e - a) / Math.Max(Math.Abs(e), 1e-12)).Max();
        return worst > 1e-5
            ? $"differs from the computed table 10000^(-k/{SinusoidalEmbed.BandCount(dim, ndim)}) (max relative error {worst:g3}); the checkpoint was built with another positional embedding"
            : null;
    }

    [GeneratedRegex(@"^blocks\.(\d+)\.")]
    private static partial Regex BlockIndex();
}
