using System.Security.Cryptography;
using SparshRobot.Core.IO;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace SparshRobot.Evaluation.Models;

/// <summary>A shipped model file that is missing, truncated, corrupted or not what its card says; the message names the file.</summary>
public sealed class ModelCardException(string message) : Exception(message);

/// <summary>One file a card vouches for: its path relative to the card's folder, size and SHA-256.</summary>
public sealed record ModelFile(string Path, long Bytes, string Sha256);

/// <summary>
/// The card beside a shipped model (<c>card.yaml</c>): what the model is, the files it consists of with their
/// checksums, the encoder it was trained on, and how it was made and measured. Loading a shipped model goes through
/// <see cref="Verify"/>, so a corrupted, truncated or swapped file is refused by name instead of loaded.
/// </summary>
/// <param name="EncoderIdentity">Weight fingerprint of the encoder the model is (encoder) or was trained on (probes, policy).</param>
/// <param name="Data">The data it was trained on, in words.</param>
/// <param name="Command">The command that reproduces it.</param>
/// <param name="Metrics">Measured metrics by name (probe errors, trajectory error, completion), as the pipeline wrote them.</param>
public sealed record ModelCard(
    string Name,
    string Kind,
    IReadOnlyList<ModelFile> Files,
    string EncoderIdentity,
    string Data,
    IReadOnlyDictionary<string, string> Seeds,
    string Command,
    double TrainingSeconds,
    IReadOnlyDictionary<string, double> Metrics)
{
    public const string FileName = "card.yaml";

    private static readonly ISerializer _serializer = new SerializerBuilder()
        .WithNamingConvention(UnderscoredNamingConvention.Instance)
        .Build();

    /// <summary>Reads <c>card.yaml</c> in <paramref name="folder"/>; does not check the files (see <see cref="Verify"/>).</summary>
    public static ModelCard Load(string folder)
    {
        var path = System.IO.Path.Combine(folder, FileName);
        if (!File.Exists(path))
        {
            throw new ModelCardException($"{path}: model card is missing; a shipped model folder holds card.yaml beside its files");
        }
        CardYaml yaml;
        try
        {
            yaml = YamlConfig.Parse<CardYaml>(File.ReadAllText(path), path) ?? throw new ModelCardException($"{path}: empty model card");
        }
        catch (InvalidDataException e)
        {
            throw new ModelCardException(e.Message);
        }
        string Required(string? value, string key) =>
            string.IsNullOrWhiteSpace(value) ? throw new ModelCardException($"{path}: '{key}' is missing; expected a non-empty string") : value;
        if (yaml.Files is not { Count: > 0 })
        {
            throw new ModelCardException($"{path}: 'files' is missing or empty; expected a map of file name to sha256 and bytes");
        }
        var files = yaml.Files.Select(f => new ModelFile(f.Key,
            f.Value.Bytes ?? throw new ModelCardException($"{path}: files.{f.Key}.bytes is missing"),
            Required(f.Value.Sha256, $"files.{f.Key}.sha256"))).ToList();
        return new ModelCard(Required(yaml.Name, "name"), Required(yaml.Kind, "kind"), files, Required(yaml.EncoderIdentity, "encoder_identity"),
            yaml.Data ?? "", yaml.Seeds ?? [], yaml.Command ?? "", yaml.TrainingSeconds ?? double.NaN, yaml.Metrics ?? []);
    }

    /// <summary>Loads the card in <paramref name="folder"/> and checks every file it lists: present, of its size, of its SHA-256.</summary>
    public static ModelCard LoadVerified(string folder)
    {
        var card = Load(folder);
        card.Verify(folder);
        return card;
    }

    /// <summary>Checks every listed file against its size and checksum; throws <see cref="ModelCardException"/> naming the first bad one.</summary>
    public void Verify(string folder)
    {
        foreach (var file in Files)
        {
            var path = System.IO.Path.Combine(folder, file.Path);
            if (!File.Exists(path))
            {
                throw new ModelCardException($"{path}: missing; its card ({System.IO.Path.Combine(folder, FileName)}) lists it. Restore it from git or rerun: {Command}");
            }
            var bytes = new FileInfo(path).Length;
            if (bytes != file.Bytes)
            {
                throw new ModelCardException($"{path}: {bytes} bytes, its card says {file.Bytes}: the file is {(bytes < file.Bytes ? "truncated" : "not the one the card describes")}");
            }
            var sha = Sha256Of(path);
            if (!string.Equals(sha, file.Sha256, StringComparison.OrdinalIgnoreCase))
            {
                throw new ModelCardException($"{path}: sha256 {sha} does not match its card's {file.Sha256}: the file is corrupted or was replaced without a new card");
            }
        }
    }

    /// <summary>A card for files already in <paramref name="folder"/>, with their sizes and checksums computed now.</summary>
    public static ModelCard Describe(string folder, string name, string kind, IEnumerable<string> files, string encoderIdentity, string data,
        IReadOnlyDictionary<string, string> seeds, string command, double trainingSeconds, IReadOnlyDictionary<string, double> metrics) =>
        new(name, kind, [.. files.Select(f => new ModelFile(f, new FileInfo(System.IO.Path.Combine(folder, f)).Length, Sha256Of(System.IO.Path.Combine(folder, f))))],
            encoderIdentity, data, seeds, command, trainingSeconds, metrics);

    public void Save(string folder)
    {
        var yaml = new CardYaml
        {
            Name = Name,
            Kind = Kind,
            Files = Files.ToDictionary(f => f.Path, f => new FileYaml { Bytes = f.Bytes, Sha256 = f.Sha256 }),
            EncoderIdentity = EncoderIdentity,
            Data = Data,
            Seeds = Seeds.ToDictionary(),
            Command = Command,
            TrainingSeconds = TrainingSeconds,
            Metrics = Metrics.ToDictionary(),
        };
        File.WriteAllText(System.IO.Path.Combine(folder, FileName),
            "# Written by `sparsh-robot pipeline run`; loading checks every file's size and sha256 against it.\n" + _serializer.Serialize(yaml));
    }

    public static string Sha256Of(string path)
    {
        using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }

    private sealed class CardYaml
    {
        public string? Name { get; set; }

        public string? Kind { get; set; }

        public Dictionary<string, FileYaml>? Files { get; set; }

        public string? EncoderIdentity { get; set; }

        public string? Data { get; set; }

        public Dictionary<string, string>? Seeds { get; set; }

        public string? Command { get; set; }

        public double? TrainingSeconds { get; set; }

        public Dictionary<string, double>? Metrics { get; set; }
    }

    private sealed class FileYaml
    {
        public long? Bytes { get; set; }

        public string? Sha256 { get; set; }
    }
}
