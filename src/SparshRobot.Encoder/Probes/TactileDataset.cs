using SparshRobot.Core.Numerics;
using SparshRobot.Core.Sensing;
using static TorchSharp.torch;

namespace SparshRobot.Encoder.Probes;

/// <summary>
/// A labelled tactile dataset on disk: <c>&lt;root&gt;/&lt;split&gt;/&lt;episode&gt;/</c>, one folder per recorded
/// episode (trajectory), frames in time order. Each episode holds
/// <list type="bullet">
/// <item><c>inputs.npy</c>: encoder inputs (T, 6, H, W), float32 in [0, 1] or uint8 (divided by 255), i.e. the
/// preprocessed, background-subtracted <c>[I_t, I_{t-5}]</c> stacks;</item>
/// <item>T1: <c>force.npy</c> (T, 3) float32, newtons (sensor frame x, y, z);</item>
/// <item>T2: <c>slip.npy</c> (T) integer 0/1 and <c>delta_force.npy</c> (T, 3) float32, newtons over the window;</item>
/// <item>T3: <c>pose_bins.npy</c> (T, 3) integer bins 0..10 for tx, ty, yaw;</item>
/// <item>T4: <c>grasp_stable.npy</c> (T) integer 0/1, the object stays in the hand over the next second;</item>
/// <item>optional <c>sequence.npy</c> (T) integer: the tick of the pair's newest frame, which pairs sensors' rows;</item>
/// <item>optional <c>slip_ticks.npy</c> (2) integer: all ticks of the recording and the slipping ones, when the
/// kept frames over-sample slips (the natural slip rate the slip probe's output is corrected to);</item>
/// <item>optional <c>clips.npy</c> (T, 3, 4, H, W): the same moments as V-JEPA clips, which a video encoder reads
/// instead of <c>inputs.npy</c>.</item>
/// </list>
/// A simulator or a recorder writes exactly these files with <see cref="Npy"/>.
/// </summary>
public sealed class TactileDataset
{
    public const string InputsFile = "inputs.npy";

    public const string ClipsFile = "clips.npy";

    public const string SlipTicksFile = "slip_ticks.npy";

    public const string GraspFile = "grasp_stable.npy";

    public const string SequenceFile = "sequence.npy";

    private TactileDataset(string root, string split, IReadOnlyList<string> episodes)
    {
        Root = root;
        Split = split;
        Episodes = episodes;
    }

    public string Root { get; }

    public string Split { get; }

    /// <summary>Episode folders (at any depth below the split), sorted by path.</summary>
    public IReadOnlyList<string> Episodes { get; }

    /// <summary>An episode's path below its split, as one file-name-safe word (nested folders joined by '.').</summary>
    public string EpisodeKey(string episode) =>
        Path.GetRelativePath(Path.Combine(Root, Split), episode).Replace(Path.DirectorySeparatorChar, '.');

    public static TactileDataset Open(string root, string split)
    {
        var dir = Path.Combine(root, split);
        if (!Directory.Exists(dir))
        {
            throw new DirectoryNotFoundException($"{dir}: no '{split}' split in the dataset (expected <root>/{split}/<episode>/{InputsFile})");
        }
        // Nested episode folders count too (a policy dataset keeps one per sensor: <episode>/<sensor>/inputs.npy).
        var episodes = Directory.GetDirectories(dir, "*", SearchOption.AllDirectories)
            .Where(d => File.Exists(Path.Combine(d, InputsFile)))
            .Order(StringComparer.Ordinal)
            .ToList();
        return episodes.Count == 0
            ? throw new InvalidDataException($"{dir}: no episode folder with an {InputsFile}")
            : new TactileDataset(root, split, episodes);
    }

    /// <summary>The encoder inputs as stored (uint8 stays uint8, a quarter of the memory), checked for rank and dtype.</summary>
    /// <param name="clips">Read the V-JEPA clips (<see cref="ClipsFile"/>) instead of the image pairs.</param>
    public static Tensor ReadStoredInputs(string episode, bool clips = false)
    {
        var path = Path.Combine(episode, clips ? ClipsFile : InputsFile);
        if (clips && !File.Exists(path))
        {
            throw new FileNotFoundException($"{path} not found: a video (V-JEPA) encoder reads 4-frame clips; record the touch with `sim record-touch --clips`", path);
        }
        var array = Npy.Read(path);
        if (array.Shape.Length != 4 && array.Shape.Length != 5)
        {
            throw new NpyFormatException(path, $"inputs must be (T, C, H, W) or (T, C, F, H, W), found ({string.Join(", ", array.Shape)})");
        }
        if (clips && (array.Shape.Length != 5 || array.Shape[1] != 3 || array.Shape[2] != SparshClip.Offsets.Count))
        {
            throw new NpyFormatException(path, $"clips must be (T, 3, {SparshClip.Offsets.Count}, H, W), found ({string.Join(", ", array.Shape)})");
        }
        if (array.DType is not (NpyDType.UInt8 or NpyDType.Float32))
        {
            throw new NpyFormatException(path, $"inputs must be uint8 or float32, found {Npy.Descr(array.DType)}");
        }
        return NpyTensors.ToTensor(array);
    }

    /// <summary>A label file of the episode, checked to have <paramref name="frames"/> rows and the given columns.</summary>
    public static Tensor? ReadLabel(string episode, string file, long frames, int columns)
    {
        var path = Path.Combine(episode, file);
        if (!File.Exists(path))
        {
            return null;
        }
        var array = Npy.Read(path);
        long[] expected = columns == 0 ? [frames] : [frames, columns];
        if (!array.Shape.SequenceEqual(expected))
        {
            throw new NpyFormatException(path, $"expected shape ({string.Join(", ", expected)}) to match {frames} frames, found ({string.Join(", ", array.Shape)})");
        }
        return array.DType is NpyDType.Float32 or NpyDType.Float64
            ? tensor(array.ToFloat32(), array.Shape)
            : tensor(array.ToInt64(), array.Shape);
    }

    /// <summary>The episode's natural slip counts (<see cref="SlipTicksFile"/>), or null when it has none.</summary>
    public static (long Ticks, long Slipping)? ReadSlipTicks(string episode)
    {
        var path = Path.Combine(episode, SlipTicksFile);
        if (!File.Exists(path))
        {
            return null;
        }
        var array = Npy.Read(path);
        if (!array.Shape.SequenceEqual([2L]) || array.DType is not (NpyDType.Int32 or NpyDType.Int64))
        {
            throw new NpyFormatException(path, $"expected 2 integers (ticks, slipping ticks), found {Npy.Descr(array.DType)} ({string.Join(", ", array.Shape)})");
        }
        var counts = array.ToInt64();
        return counts[0] >= 0 && counts[1] >= 0 && counts[1] <= counts[0]
            ? (counts[0], counts[1])
            : throw new NpyFormatException(path, $"slipping ticks must lie in [0, ticks]: found {counts[0]} ticks, {counts[1]} slipping");
    }
}
