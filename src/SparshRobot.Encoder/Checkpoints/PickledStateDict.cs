using System.Collections;
using TorchSharp;
using TorchSharp.PyBridge;
using static TorchSharp.torch;

namespace SparshRobot.Encoder.Checkpoints;

/// <summary>
/// A PyTorch zip-format pickle (<c>torch.save</c>) read through TorchSharp.PyBridge: a plain state dict
/// (<c>.pth</c>) or a Lightning/Fabric checkpoint (<c>.ckpt</c>) whose <c>model</c> (or <c>state_dict</c>) entry
/// is the state dict; nested dicts are walked, only that entry's tensors are kept. PyBridge reads every tensor
/// of the file into memory (optimizer state included), so prefer <c>.safetensors</c> for large checkpoints.
/// Pickles that reference classes other than tensors and dicts (e.g. <c>tactile_ssl</c> objects) fail with the
/// unpickler's message.
/// </summary>
public sealed class PickledStateDict : ITensorSource
{
    private readonly Dictionary<string, Tensor> _tensors;
    private readonly Dictionary<string, TensorEntry> _entries;

    private PickledStateDict(string path, Dictionary<string, Tensor> tensors, string container)
    {
        FilePath = path;
        Container = container;
        _tensors = tensors;
        _entries = tensors.ToDictionary(kv => kv.Key, kv => new TensorEntry(kv.Key, kv.Value.dtype, kv.Value.shape));
    }

    public string FilePath { get; }

    /// <summary>Where the state dict was found: "model", "state_dict" or "(top level)".</summary>
    public string Container { get; }

    public IReadOnlyDictionary<string, TensorEntry> Entries => _entries;

    public IReadOnlyDictionary<string, string> Metadata { get; } = new Dictionary<string, string>();

    public static PickledStateDict Open(string path)
    {
        if (!File.Exists(path))
        {
            throw new CheckpointException(path, "file not found");
        }
        Hashtable root;
        try
        {
            using var stream = File.OpenRead(path);
            root = PyTorchUnpickler.UnpickleStateDict(stream);
        }
        catch (Exception e) when (e is not CheckpointException)
        {
            throw new CheckpointException(path, $"cannot unpickle as a PyTorch zip checkpoint: {e.Message}");
        }
        var (dict, container) = root["model"] is IDictionary model ? (model, "model")
            : root["state_dict"] is IDictionary stateDict ? (stateDict, "state_dict")
            : ((IDictionary)root, "(top level)");
        var tensors = new Dictionary<string, Tensor>();
        foreach (DictionaryEntry item in dict)
        {
            if (item.Key is string key && item.Value is Tensor tensor)
            {
                tensors[key] = tensor.DetachFromDisposeScope();
            }
        }
        DisposeOthers(root, new HashSet<object>(tensors.Values, ReferenceEqualityComparer.Instance));
        if (tensors.Count == 0)
        {
            throw new CheckpointException(path, $"no tensors found in the {container} entry");
        }
        return new PickledStateDict(path, tensors, container);
    }

    public Tensor Read(string key) => _tensors[key].to(ScalarType.Float32, copy: true);

    public void CopyInto(string key, Tensor target)
    {
        var source = _tensors[key];
        if (!source.shape.SequenceEqual(target.shape))
        {
            throw new CheckpointException(FilePath, $"{key}: stored shape {_entries[key].ShapeText} does not match ({string.Join(", ", target.shape)})");
        }
        using var noGrad = no_grad();
        target.copy_(source);
    }

    public void Dispose()
    {
        foreach (var tensor in _tensors.Values)
        {
            tensor.Dispose();
        }
        _tensors.Clear();
    }

    /// <summary>Frees tensors outside the state dict (optimizer moments etc.) right away instead of at GC.</summary>
    private static void DisposeOthers(object? node, HashSet<object> keep)
    {
        switch (node)
        {
            case Tensor tensor when !keep.Contains(tensor):
                tensor.Dispose();
                break;
            case IDictionary dict:
                foreach (DictionaryEntry item in dict)
                {
                    DisposeOthers(item.Value, keep);
                }
                break;
            case IEnumerable items and not string:
                foreach (var item in items)
                {
                    DisposeOthers(item, keep);
                }
                break;
        }
    }
}
