using System.Globalization;
using SparshRobot.Encoder.Checkpoints;
using static TorchSharp.torch;

namespace SparshRobot.Encoder.Probes;

/// <summary>
/// A trained probe saved as <c>.safetensors</c>: the probe weights plus, in the metadata, the task, the encoder
/// identity (weight fingerprint) and the normalization constants the outputs assume. Loading it against another
/// encoder is an error, because its pooler learned that encoder's token space. <paramref name="StandardizedTokens"/>
/// is the token count the probe standardizes (0 for a probe on raw tokens, as older checkpoints are);
/// <paramref name="SlipLogitOffset"/> corrects a slip probe's output to the natural slip rate (0 in older checkpoints:
/// their output is used as trained).
/// </summary>
public sealed record ProbeCheckpoint(ProbeTask Task, int EmbedDim, int PoolerHeads, string EncoderIdentity, string EncoderFile, ProbeNormalization Normalization,
    int StandardizedTokens = 0, double SlipLogitOffset = 0)
{
    public void Save(string path, TaskProbe probe, IReadOnlyDictionary<string, string>? extra = null)
    {
        var metadata = new Dictionary<string, string>
        {
            ["format"] = "sparsh-robot-probe",
            ["task"] = Task.ToString().ToLowerInvariant(),
            ["embed_dim"] = EmbedDim.ToString(CultureInfo.InvariantCulture),
            ["pooler_heads"] = PoolerHeads.ToString(CultureInfo.InvariantCulture),
            ["encoder_identity"] = EncoderIdentity,
            ["encoder_file"] = EncoderFile,
            ["max_force"] = Join(Normalization.MaxForce),
            ["max_delta_force"] = Join(Normalization.MaxDeltaForce),
            ["standardized_tokens"] = StandardizedTokens.ToString(CultureInfo.InvariantCulture),
            ["slip_logit_offset"] = SlipLogitOffset.ToString("R", CultureInfo.InvariantCulture),
        };
        if (probe.StandardizedTokens != StandardizedTokens)
        {
            throw new ArgumentException($"the probe standardizes {probe.StandardizedTokens} tokens, the checkpoint says {StandardizedTokens}", nameof(probe));
        }
        foreach (var (key, value) in extra ?? new Dictionary<string, string>())
        {
            metadata[key] = value;
        }
        SafetensorsWriter.Write(path, probe.state_dict(), metadata);
    }

    /// <summary>Loads a probe strictly and checks it was trained on <paramref name="encoderIdentity"/>.</summary>
    public static (TaskProbe Probe, ProbeCheckpoint Info) Load(string path, string encoderIdentity)
    {
        using var file = SafetensorsFile.Open(path);
        var info = Read(file);
        if (!string.Equals(info.EncoderIdentity, encoderIdentity, StringComparison.Ordinal))
        {
            throw new CheckpointException(path,
                $"probe was trained on encoder {info.EncoderIdentity[..12]}… ({info.EncoderFile}), not on the encoder given ({encoderIdentity[..12]}…)");
        }
        var probe = new TaskProbe(info.Task, info.EmbedDim, info.PoolerHeads, info.StandardizedTokens);
        try
        {
            StrictLoader.Load(probe, file);
        }
        catch
        {
            probe.Dispose();
            throw;
        }
        probe.eval();
        return (probe, info);
    }

    public static ProbeCheckpoint Read(ITensorSource file)
    {
        string Field(string key) => file.Metadata.TryGetValue(key, out var value)
            ? value
            : throw new CheckpointException(file.FilePath, $"metadata field '{key}' is missing: not a sparsh-robot probe checkpoint");
        if (Field("format") != "sparsh-robot-probe")
        {
            throw new CheckpointException(file.FilePath, $"metadata format is '{Field("format")}', expected 'sparsh-robot-probe'");
        }
        var task = Enum.TryParse<ProbeTask>(Field("task"), ignoreCase: true, out var t)
            ? t
            : throw new CheckpointException(file.FilePath, $"unknown task '{Field("task")}'");
        var standardized = 0;
        if (file.Metadata.TryGetValue("standardized_tokens", out var count)
            && !(int.TryParse(count, NumberStyles.None, CultureInfo.InvariantCulture, out standardized)))
        {
            throw new CheckpointException(file.FilePath, $"metadata standardized_tokens is '{count}', expected a token count (0 or more)");
        }
        var slipOffset = 0.0;
        if (file.Metadata.TryGetValue("slip_logit_offset", out var offset)
            && !(double.TryParse(offset, NumberStyles.Float, CultureInfo.InvariantCulture, out slipOffset) && double.IsFinite(slipOffset)))
        {
            throw new CheckpointException(file.FilePath, $"metadata slip_logit_offset is '{offset}', expected a finite number");
        }
        return new ProbeCheckpoint(task, int.Parse(Field("embed_dim"), CultureInfo.InvariantCulture), int.Parse(Field("pooler_heads"), CultureInfo.InvariantCulture),
            Field("encoder_identity"), Field("encoder_file"),
            new ProbeNormalization(Parse(Field("max_force"), file.FilePath), Parse(Field("max_delta_force"), file.FilePath)), standardized, slipOffset);
    }

    private static string Join(float[] values) => string.Join(",", values.Select(v => v.ToString("R", CultureInfo.InvariantCulture)));

    private static float[] Parse(string text, string file)
    {
        var values = text.Split(',').Select(s => float.TryParse(s, CultureInfo.InvariantCulture, out var v) ? v : float.NaN).ToArray();
        return values.Length == 3 && values.All(float.IsFinite)
            ? values
            : throw new CheckpointException(file, $"normalization '{text}' is not three numbers");
    }
}
