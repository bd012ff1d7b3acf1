using System.Text.Json.Nodes;
using OpenCvSharp;
using Parquet.Serialization;
using SparshRobot.Policy.Datasets;
using SparshRobot.Policy.Datasets.Building;
using SparshRobot.Policy.Datasets.LeRobot;
using SparshRobot.Testing;

namespace SparshRobot.Policy.Tests.Datasets;

public class LeRobotExportTests
{
    [Test]
    public void ExportWritesTheV3LayoutWithImagesThatDecode()
    {
        var root = TestPaths.NewTempDirectory().FullName;
        string[] bags = [.. Enumerable.Range(0, 3).Select(i => new SyntheticBag(Seconds: 1).Write(Path.Combine(root, $"ep{i}")))];
        var dataset = DatasetBuilder.Build(bags, SyntheticBag.Config(), Path.Combine(root, "dataset"), resume: false).Dataset;
        var output = Path.Combine(root, "lerobot");
        var result = LeRobotExporter.Export(dataset, output);

        var episodes = dataset.Split(PolicyDataset.TrainSplit).Concat(dataset.Split(PolicyDataset.ValidationSplit)).ToList();
        var frames = episodes.Sum(e => e.Steps);
        Assert.That((result.Episodes, result.Frames, result.DataFiles), Is.EqualTo((3, (long)frames, 1)));

        var info = JsonNode.Parse(File.ReadAllText(Path.Combine(output, "meta", "info.json")))!;
        Assert.That((string?)info["codebase_version"], Is.EqualTo("v3.0"));
        Assert.That((int)info["fps"]!, Is.EqualTo(10));
        Assert.That(((int)info["total_episodes"]!, (int)info["total_frames"]!, (int)info["chunks_size"]!), Is.EqualTo((3, frames, 1000)));
        Assert.That((string?)info["data_path"], Is.EqualTo("data/chunk-{chunk_index:03d}/file-{file_index:03d}.parquet"));
        Assert.That((string?)info["splits"]!["train"], Is.EqualTo("0:2"));
        Assert.That((string?)info["splits"]!["val"], Is.EqualTo("2:3"));
        Assert.That((string?)info["features"]!["observation.images.thumb"]!["dtype"], Is.EqualTo("image"));
        Assert.That(info["features"]!["observation.images.thumb"]!["shape"]!.AsArray().Select(n => (int)n!), Is.EqualTo(new[] { 224, 224, 3 }));
        Assert.That(info["features"]!["observation.state"]!["names"]!.AsArray().Select(n => (string)n!), Is.EqualTo(new[] { "x", "y", "z" }));
        var stats = JsonNode.Parse(File.ReadAllText(Path.Combine(output, "meta", "stats.json")))!;
        Assert.That((double)stats["observation.state"]!["max"]![0]!, Is.EqualTo(dataset.Split(PolicyDataset.TrainSplit).Concat(dataset.Split(PolicyDataset.ValidationSplit)).SelectMany(dataset.ReadState).Max(r => r[0])).Within(1e-6));

        var data = ParquetSerializer.DeserializeUntypedAsync(File.OpenRead(Path.Combine(output, "data", "chunk-000", "file-000.parquet"))).GetAwaiter().GetResult();
        Assert.That(data.Data, Has.Count.EqualTo(frames));
        Assert.That(data.Schema.Fields.Select(f => f.Name), Is.EquivalentTo(new[]
        {
            "observation.images.thumb", "observation.images.index", "observation.state", "action", "timestamp", "frame_index", "episode_index", "index", "task_index",
        }));
        // Episode boundaries: frame_index restarts and episode_index steps up exactly at each episode's first row.
        var start = 0;
        for (var e = 0; e < episodes.Count; e++)
        {
            var first = data.Data[start];
            Assert.That(((long)first["episode_index"]!, (long)first["frame_index"]!, (long)first["index"]!), Is.EqualTo(((long)e, 0L, (long)start)));
            var last = data.Data[start + episodes[e].Steps - 1];
            Assert.That(((long)last["episode_index"]!, (long)last["frame_index"]!), Is.EqualTo(((long)e, (long)episodes[e].Steps - 1)));
            start += episodes[e].Steps;
        }
        var image = (IDictionary<string, object?>)data.Data[1]["observation.images.index"]!;
        using var decoded = Cv2.ImDecode((byte[])image["bytes"]!, ImreadModes.Color);
        Assert.That((decoded.Height, decoded.Width), Is.EqualTo((224, 224)));
        // Frame 6 over a black background: R = 4 * 6 + 127 (OpenCV decodes BGR, so R is the third byte).
        Assert.That(decoded.At<Vec3b>(100, 100).Item2, Is.InRange(150, 152));

        var meta = ParquetSerializer.DeserializeUntypedAsync(File.OpenRead(Path.Combine(output, "meta", "episodes", "chunk-000", "file-000.parquet"))).GetAwaiter().GetResult();
        Assert.That(meta.Data.Select(r => ((long)r["dataset_from_index"]!, (long)r["dataset_to_index"]!)),
            Is.EqualTo(new[] { (0L, (long)episodes[0].Steps), ((long)episodes[0].Steps, (long)(episodes[0].Steps + episodes[1].Steps)), ((long)(episodes[0].Steps + episodes[1].Steps), (long)frames) }));
        var tasks = ParquetSerializer.DeserializeUntypedAsync(File.OpenRead(Path.Combine(output, "meta", "tasks.parquet"))).GetAwaiter().GetResult();
        Assert.That(tasks.Data.Single()["task"]?.ToString(), Is.EqualTo(LeRobotExporter.Task));
    }
}
