using System.Text.Json;
using System.Text.Json.Nodes;
using OpenCvSharp;
using Parquet.Schema;
using Parquet.Serialization;
using SparshRobot.Policy.Normalization;

namespace SparshRobot.Policy.Datasets.LeRobot;

/// <summary>What an export wrote.</summary>
public sealed record LeRobotExportResult(int Episodes, long Frames, int DataFiles);

/// <summary>
/// Writes a <see cref="PolicyDataset"/> in the LeRobotDataset v3.0 layout (huggingface/lerobot,
/// <c>lerobot/datasets/utils.py</c>), so the demonstrations can be trained on with LeRobot too:
/// <code>
/// meta/info.json                          codebase_version v3.0, fps, features, path templates, splits
/// meta/stats.json                         per-feature min, max, mean, std, count (+ q01, q50, q99 for vectors)
/// meta/tasks.parquet                      task (pandas index) -> task_index
/// meta/episodes/chunk-000/file-000.parquet episode_index, tasks, length, data/chunk_index, data/file_index, dataset_from_index, dataset_to_index
/// data/chunk-CCC/file-FFF.parquet         one row per policy step; episodes never straddle files
/// </code>
/// Tactile images are <c>image</c> features stored as LeRobot stores images in Parquet, a struct of PNG
/// <c>bytes</c> and <c>path</c>: the background-subtracted current frame (channels 0-2 of the stack), H x W x 3.
/// The stride partner is not exported: LeRobot policies that want it ask for an earlier frame with delta_timestamps.
/// </summary>
public static class LeRobotExporter
{
    public const string CodebaseVersion = "v3.0";

    public const string Task = "push the bead along the wire to the end stop";

    public const int ChunksSize = 1000;

    public const int DataFilesSizeInMb = 100;

    public const string DataPath = "data/chunk-{chunk_index:03d}/file-{file_index:03d}.parquet";

    public const string EpisodesPath = "meta/episodes/chunk-000/file-000.parquet";

    public static string ImageKey(string sensor) => $"observation.images.{sensor}";

    public static LeRobotExportResult Export(PolicyDataset dataset, string output, Action<double>? progress = null)
    {
        var manifest = dataset.Manifest;
        var fps = (int)Math.Round(manifest.RateHz);
        if (Math.Abs(fps - manifest.RateHz) > 1e-9)
        {
            throw new ArgumentException($"{dataset.Root}: rate_hz {manifest.RateHz} is not a whole number; LeRobot's fps is an integer");
        }
        if (Directory.Exists(output) && Directory.EnumerateFileSystemEntries(output).Any())
        {
            throw new IOException($"{output}: already exists and is not empty; choose a new folder for the export");
        }
        // Training episodes first, so each split is one contiguous episode range as info.json's splits require.
        var episodes = dataset.Split(PolicyDataset.TrainSplit).Concat(dataset.Split(PolicyDataset.ValidationSplit)).ToList();
        var schema = DataSchema(manifest);
        var rows = new List<IDictionary<string, object?>>();
        var episodeRows = new List<IDictionary<string, object?>>();
        var states = new List<float[]>();
        var actions = new List<float[]>();
        var images = manifest.Sensors.ToDictionary(s => s.Name, _ => new ImageStatistics());
        long index = 0, fileBytes = 0;
        int chunk = 0, file = 0, files = 0;

        void Flush()
        {
            if (rows.Count == 0)
            {
                return;
            }
            WriteParquet(Path.Combine(output, DataPath.Replace("{chunk_index:03d}", $"{chunk:D3}").Replace("{file_index:03d}", $"{file:D3}")), schema, rows);
            files++;
            rows.Clear();
            fileBytes = 0;
            (chunk, file) = file == ChunksSize - 1 ? (chunk + 1, 0) : (chunk, file + 1);
        }

        for (var e = 0; e < episodes.Count; e++)
        {
            var episode = episodes[e];
            var state = dataset.ReadState(episode);
            var action = dataset.ReadAction(episode);
            var inputs = manifest.Sensors.ToDictionary(s => s.Name, s => dataset.ReadInputs(episode, s.Name).Data);
            var from = index;
            for (var k = 0; k < episode.Steps; k++)
            {
                var row = new Dictionary<string, object?>
                {
                    ["observation.state"] = state[k],
                    ["action"] = action[k],
                    ["timestamp"] = (float)(k / manifest.RateHz),
                    ["frame_index"] = (long)k,
                    ["episode_index"] = (long)e,
                    ["index"] = index++,
                    ["task_index"] = 0L,
                };
                foreach (var sensor in manifest.Sensors)
                {
                    var png = CurrentFramePng(inputs[sensor.Name], k, manifest.ImageHeight, manifest.ImageWidth, images[sensor.Name]);
                    row[ImageKey(sensor.Name)] = new Dictionary<string, object?> { ["bytes"] = (ReadOnlyMemory<byte>?)png, ["path"] = null };
                    fileBytes += png.Length;
                }
                rows.Add(row);
            }
            states.AddRange(state);
            actions.AddRange(action);
            episodeRows.Add(new Dictionary<string, object?>
            {
                ["episode_index"] = (long)e,
                ["tasks"] = new ReadOnlyMemory<char>?[] { Task.AsMemory() },
                ["length"] = (long)episode.Steps,
                ["data/chunk_index"] = (long)chunk,
                ["data/file_index"] = (long)file,
                ["dataset_from_index"] = from,
                ["dataset_to_index"] = index,
                ["meta/episodes/chunk_index"] = 0L,
                ["meta/episodes/file_index"] = 0L,
            });
            if (fileBytes >= DataFilesSizeInMb << 20)
            {
                Flush();
            }
            progress?.Invoke((e + 1.0) / episodes.Count);
        }
        Flush();

        WriteParquet(Path.Combine(output, EpisodesPath), EpisodesSchema(), episodeRows);
        WriteParquet(Path.Combine(output, "meta", "tasks.parquet"), new ParquetSchema(new DataField<string>("task"), new DataField<long>("task_index")),
            [new Dictionary<string, object?> { ["task"] = (ReadOnlyMemory<char>?)Task.AsMemory(), ["task_index"] = 0L }], PandasIndexMetadata("task", ("task", "unicode"), ("task_index", "int64")));
        var trainCount = dataset.Split(PolicyDataset.TrainSplit).Count;
        WriteJson(Path.Combine(output, "meta", "info.json"), Info(manifest, fps, episodes.Count, index, files, trainCount));
        WriteJson(Path.Combine(output, "meta", "stats.json"), Stats(manifest, states, actions, images));
        return new LeRobotExportResult(episodes.Count, index, files);
    }

    private static ParquetSchema DataSchema(DatasetManifest manifest) => new(
    [
        .. manifest.Sensors.Select(s => (Field)new StructField(ImageKey(s.Name), new DataField<byte[]>("bytes"), new DataField<string>("path"))),
        new ListField("observation.state", new DataField<float>("element")),
        new ListField("action", new DataField<float>("element")),
        new DataField<float>("timestamp"),
        new DataField<long>("frame_index"),
        new DataField<long>("episode_index"),
        new DataField<long>("index"),
        new DataField<long>("task_index"),
    ]);

    private static ParquetSchema EpisodesSchema() => new(
        new DataField<long>("episode_index"),
        new ListField("tasks", new DataField<string>("element")),
        new DataField<long>("length"),
        new DataField<long>("data/chunk_index"),
        new DataField<long>("data/file_index"),
        new DataField<long>("dataset_from_index"),
        new DataField<long>("dataset_to_index"),
        new DataField<long>("meta/episodes/chunk_index"),
        new DataField<long>("meta/episodes/file_index"));

    /// <summary>LeRobot reads tasks.parquet with pandas and looks tasks up by the index, which pandas restores from this metadata.</summary>
    private static Dictionary<string, string> PandasIndexMetadata(string index, params (string Name, string Type)[] columns) => new()
    {
        ["pandas"] = new JsonObject
        {
            ["index_columns"] = new JsonArray(index),
            ["column_indexes"] = new JsonArray(),
            ["columns"] = new JsonArray([.. columns.Select(c => (JsonNode)new JsonObject
            {
                ["name"] = c.Name,
                ["field_name"] = c.Name,
                ["pandas_type"] = c.Type,
                ["numpy_type"] = c.Type == "unicode" ? "object" : c.Type,
                ["metadata"] = null,
            })]),
            ["creator"] = new JsonObject { ["library"] = "sparsh-robot" },
            ["pandas_version"] = "2.2.3",
        }.ToJsonString(),
    };

    private static void WriteParquet(string path, ParquetSchema schema, IReadOnlyCollection<IDictionary<string, object?>> rows, IReadOnlyDictionary<string, string>? metadata = null)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        using var stream = File.Create(path);
        ParquetSerializer.SerializeUntypedAsync(rows!, schema, stream, null, metadata).GetAwaiter().GetResult();
    }

    /// <summary>Channels 0-2 of step <paramref name="k"/> (the current frame, CHW) as an RGB PNG, H x W x 3.</summary>
    private static byte[] CurrentFramePng(byte[] inputs, int k, int height, int width, ImageStatistics stats)
    {
        var plane = height * width;
        var stack = inputs.AsSpan(k * 6 * plane, 3 * plane);
        stats.Add(stack, plane);
        var bgr = new byte[3 * plane];
        for (var p = 0; p < plane; p++)
        {
            bgr[3 * p] = stack[2 * plane + p];
            bgr[3 * p + 1] = stack[plane + p];
            bgr[3 * p + 2] = stack[p];
        }
        using var mat = Mat.FromPixelData(height, width, MatType.CV_8UC3, bgr);
        Cv2.ImEncode(".png", mat, out var png);
        return png;
    }

    private static JsonObject Info(DatasetManifest manifest, int fps, int episodes, long frames, int files, int trainEpisodes)
    {
        var features = new JsonObject();
        foreach (var sensor in manifest.Sensors)
        {
            features[ImageKey(sensor.Name)] = new JsonObject
            {
                ["dtype"] = "image",
                ["shape"] = new JsonArray(manifest.ImageHeight, manifest.ImageWidth, 3),
                ["names"] = new JsonArray("height", "width", "channels"),
            };
        }
        features["observation.state"] = Vector(manifest.StateFeatures);
        features["action"] = Vector(manifest.ActionFeatures);
        features["timestamp"] = Scalar("float32");
        foreach (var name in new[] { "frame_index", "episode_index", "index", "task_index" })
        {
            features[name] = Scalar("int64");
        }
        var splits = new JsonObject { ["train"] = $"0:{trainEpisodes}" };
        if (episodes > trainEpisodes)
        {
            splits["val"] = $"{trainEpisodes}:{episodes}";
        }
        return new JsonObject
        {
            ["codebase_version"] = CodebaseVersion,
            ["robot_type"] = "sparsh-robot-bead-maze",
            ["total_episodes"] = episodes,
            ["total_frames"] = frames,
            ["total_tasks"] = 1,
            ["chunks_size"] = ChunksSize,
            ["data_files_size_in_mb"] = DataFilesSizeInMb,
            ["video_files_size_in_mb"] = 500,
            ["fps"] = fps,
            ["splits"] = splits,
            ["data_path"] = DataPath,
            ["video_path"] = null,
            ["features"] = features,
        };

        static JsonObject Vector(List<string> names) => new()
        {
            ["dtype"] = "float32",
            ["shape"] = new JsonArray(names.Count),
            ["names"] = new JsonArray([.. names.Select(n => (JsonNode)JsonValue.Create(n))]),
        };

        static JsonObject Scalar(string dtype) => new() { ["dtype"] = dtype, ["shape"] = new JsonArray(1), ["names"] = null };
    }

    private static JsonObject Stats(DatasetManifest manifest, List<float[]> states, List<float[]> actions, Dictionary<string, ImageStatistics> images)
    {
        var stats = new JsonObject
        {
            ["observation.state"] = VectorStats(FeatureStatistics.Compute(states, "observation.state"), states.Count),
            ["action"] = VectorStats(FeatureStatistics.Compute(actions, "action"), actions.Count),
        };
        foreach (var (sensor, image) in images)
        {
            stats[ImageKey(sensor)] = image.ToJson();
        }
        return stats;

        static JsonObject VectorStats(FeatureStatistics s, int count) => new()
        {
            ["min"] = Array(s.Min),
            ["max"] = Array(s.Max),
            ["mean"] = Array(s.Mean),
            ["std"] = Array(s.Std),
            ["count"] = new JsonArray(count),
            ["q01"] = Array(s.Q01),
            ["q50"] = Array(s.Q50),
            ["q99"] = Array(s.Q99),
        };
    }

    private static JsonArray Array(IEnumerable<double> values) => new([.. values.Select(v => (JsonNode)JsonValue.Create(v))]);

    private static void WriteJson(string path, JsonObject json)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, json.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
    }

    /// <summary>Per-channel statistics of images scaled to [0, 1], shaped (3, 1, 1) as LeRobot keeps them.</summary>
    private sealed class ImageStatistics
    {
        private readonly double[] _sum = new double[3];
        private readonly double[] _squares = new double[3];
        private readonly double[] _min = [1, 1, 1];
        private readonly double[] _max = [0, 0, 0];
        private long _pixels;
        private long _images;

        public void Add(ReadOnlySpan<byte> planes, int plane)
        {
            for (var c = 0; c < 3; c++)
            {
                long sum = 0, squares = 0;
                byte min = 255, max = 0;
                foreach (var v in planes.Slice(c * plane, plane))
                {
                    sum += v;
                    squares += v * v;
                    min = Math.Min(min, v);
                    max = Math.Max(max, v);
                }
                _sum[c] += sum / 255.0;
                _squares[c] += squares / (255.0 * 255.0);
                _min[c] = Math.Min(_min[c], min / 255.0);
                _max[c] = Math.Max(_max[c], max / 255.0);
            }
            _pixels += plane;
            _images++;
        }

        public JsonObject ToJson()
        {
            var mean = _sum.Select(s => s / _pixels).ToArray();
            var std = _squares.Select((s, c) => Math.Sqrt(Math.Max(s / _pixels - mean[c] * mean[c], 0))).ToArray();
            return new JsonObject
            {
                ["min"] = Channels(_min),
                ["max"] = Channels(_max),
                ["mean"] = Channels(mean),
                ["std"] = Channels(std),
                ["count"] = new JsonArray(_images),
            };
        }

        private static JsonArray Channels(double[] values) =>
            new([.. values.Select(v => (JsonNode)new JsonArray(new JsonArray(JsonValue.Create(v))))]);
    }
}
