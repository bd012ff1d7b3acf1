using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using SparshRobot.Encoder.Checkpoints;
using SparshRobot.Policy.Normalization;
using SparshRobot.Policy.Spec;
using SparshRobot.Policy.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace SparshRobot.Policy.Policies;

/// <summary>What a policy checkpoint says about itself, read from its metadata without building the model.</summary>
public sealed record PolicyCheckpointInfo(
    PolicyConfig Config,
    ObservationSpec Observation,
    ActionSpec Action,
    AffineNormalizer State,
    AffineNormalizer ActionNormalizer,
    string EncoderFile,
    int Epoch);

/// <summary>
/// One file per policy: <c>.safetensors</c> with the (EMA) weights and, in the metadata, the configuration text the
/// architecture is rebuilt from, the observation and action specs (encoder identity included), both normalizers
/// and the epoch. Loading against observations built any other way is refused with every difference listed.
/// </summary>
public static class PolicyCheckpoint
{
    public const string Format = "sparsh-robot-policy";

    private static readonly JsonSerializerOptions _json = new() { Converters = { new JsonStringEnumConverter() } };

    /// <param name="encoderFile">Where the encoder came from, so evaluation can find it again (not trusted: the identity is).</param>
    public static void Save(string path, TactilePolicy policy, string encoderFile, int epoch)
    {
        SafetensorsWriter.Write(path, policy.state_dict(), Metadata(policy, encoderFile, epoch));
    }

    internal static Dictionary<string, string> Metadata(TactilePolicy policy, string encoderFile, int epoch) => new()
    {
        ["format"] = Format,
        ["head"] = policy.Kind.ToString().ToLowerInvariant(),
        ["config"] = policy.Config.Text,
        ["observation"] = JsonSerializer.Serialize(policy.Observation, _json),
        ["action"] = JsonSerializer.Serialize(policy.Action, _json),
        ["state_normalizer"] = JsonSerializer.Serialize(policy.StateNormalizer, _json),
        ["action_normalizer"] = JsonSerializer.Serialize(policy.ActionNormalizer, _json),
        ["encoder_identity"] = policy.Observation.EncoderIdentity,
        ["encoder_file"] = encoderFile,
        ["epoch"] = epoch.ToString(CultureInfo.InvariantCulture),
    };

    public static ITactilePolicy Load(string path, Device device) => LoadPolicy(path, device);

    /// <summary>Loads the policy and refuses it unless it was trained on observations exactly like <paramref name="expected"/>.</summary>
    public static ITactilePolicy Load(string path, Device device, ObservationSpec expected) => LoadPolicy(path, device, expected);

    internal static TactilePolicy LoadPolicy(string path, Device device, ObservationSpec? expected = null, string prefix = "")
    {
        using var file = SafetensorsFile.Open(path);
        var info = Read(file);
        info.Observation.RequireCompatible(expected ?? info.Observation, path);
        var policy = Build(info);
        try
        {
            StrictLoader.Load(policy, file, prefix);
            policy.to(device);
        }
        catch
        {
            policy.Dispose();
            throw;
        }
        policy.eval();
        return policy;
    }

    public static PolicyCheckpointInfo ReadInfo(string path)
    {
        using var file = SafetensorsFile.Open(path);
        return Read(file);
    }

    internal static TactilePolicy Build(PolicyCheckpointInfo info) =>
        new(info.Config, info.Observation, info.Action.Features, info.State, info.ActionNormalizer);

    private static PolicyCheckpointInfo Read(ITensorSource file)
    {
        string Field(string key) => file.Metadata.TryGetValue(key, out var value)
            ? value
            : throw new CheckpointException(file.FilePath, $"metadata field '{key}' is missing: not a {Format} checkpoint");
        T Json<T>(string key)
        {
            try
            {
                return JsonSerializer.Deserialize<T>(Field(key), _json) ?? throw new CheckpointException(file.FilePath, $"metadata field '{key}' is null");
            }
            catch (JsonException e)
            {
                throw new CheckpointException(file.FilePath, $"metadata field '{key}' is not valid: {e.Message}");
            }
        }
        if (Field("format") != Format)
        {
            throw new CheckpointException(file.FilePath, $"metadata format is '{Field("format")}', expected '{Format}'");
        }
        var config = PolicyConfig.Parse(Field("config"), file.FilePath + " (embedded config)");
        var epoch = int.TryParse(Field("epoch"), CultureInfo.InvariantCulture, out var e)
            ? e
            : throw new CheckpointException(file.FilePath, $"metadata epoch '{Field("epoch")}' is not a number");
        return new PolicyCheckpointInfo(config, Json<ObservationSpec>("observation"), Json<ActionSpec>("action"),
            Json<AffineNormalizer>("state_normalizer"), Json<AffineNormalizer>("action_normalizer"), Field("encoder_file"), epoch);
    }
}
