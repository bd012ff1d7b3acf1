using SparshRobot.Core.IO;
using SparshRobot.Policy.Normalization;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace SparshRobot.Policy.Datasets;

/// <summary>
/// <c>stats.yaml</c>: per-feature statistics of the training split's state and action columns, from which a policy
/// fits its normalizers (and then carries them in its checkpoint).
/// </summary>
public sealed record DatasetStatistics(FeatureStatistics State, FeatureStatistics Action)
{
    private static readonly ISerializer _serializer = new SerializerBuilder()
        .WithNamingConvention(UnderscoredNamingConvention.Instance)
        .Build();

    public void Save(string path)
    {
        AtomicFile.WriteAllText(path, _serializer.Serialize(new Dictionary<string, FeatureStatistics> { ["state"] = State, ["action"] = Action }));
    }

    public static DatasetStatistics Load(string path)
    {
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"{path}: no dataset statistics", path);
        }
        var blocks = YamlConfig.Parse<Dictionary<string, StatsBlock>>(File.ReadAllText(path), path)
            ?? throw new InvalidDataException($"{path}: empty statistics file");
        return new DatasetStatistics(Block(blocks, "state", path), Block(blocks, "action", path));
    }

    private static FeatureStatistics Block(Dictionary<string, StatsBlock> blocks, string name, string path)
    {
        if (!blocks.TryGetValue(name, out var b))
        {
            throw new InvalidDataException($"{path}: no '{name}' statistics");
        }
        var columns = new[] { b.Min, b.Max, b.Mean, b.Std, b.Q01, b.Q50, b.Q99 };
        if (columns.Any(c => c is null || c.Length != b.Min?.Length) || b.Min!.Length == 0)
        {
            throw new InvalidDataException($"{path}: '{name}' needs min, max, mean, std, q01, q50 and q99 of equal, non-zero length");
        }
        return new FeatureStatistics(b.Min, b.Max!, b.Mean!, b.Std!, b.Q01!, b.Q50!, b.Q99!);
    }

    private sealed class StatsBlock
    {
        public double[]? Min { get; set; }

        public double[]? Max { get; set; }

        public double[]? Mean { get; set; }

        public double[]? Std { get; set; }

        public double[]? Q01 { get; set; }

        public double[]? Q50 { get; set; }

        public double[]? Q99 { get; set; }
    }
}
