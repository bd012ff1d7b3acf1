using SparshRobot.Encoder.Probes;
using static TorchSharp.torch;

namespace SparshRobot.Encoder.TacBench;

/// <summary>
/// Both fingertips of one moment as one row, for T4 from both fingers: record-touch keeps each finger in its own
/// folder under the episode (<c>&lt;episode&gt;/thumb</c>, <c>&lt;episode&gt;/index</c>), and the rows of the two
/// with the same newest-frame tick (<c>sequence.npy</c>) are joined side by side along the token axis (tokens
/// (n, 2N, D); encoder inputs (n, 2C, H, W)). A moment one finger lost its frame for is left out.
/// </summary>
public static class FingerPairs
{
    public static LabelledEmbeddings Join(LabelledEmbeddings rows, TactileDataset dataset)
    {
        if (rows.Sequence is null || rows.Grasp is null)
        {
            throw new InvalidDataException($"{Path.Combine(dataset.Root, dataset.Split)}: pairing the fingers needs {TactileDataset.SequenceFile} and {TactileDataset.GraspFile} in every fingertip folder");
        }
        var ranges = new Dictionary<int, (long Start, long Count)>();
        for (var i = 0; i < rows.Episode.Length; i++)
        {
            var e = rows.Episode[i];
            ranges[e] = ranges.TryGetValue(e, out var r) ? (r.Start, r.Count + 1) : (i, 1);
        }
        var sequence = rows.Sequence.to(ScalarType.Int64).data<long>().ToArray();
        var first = new List<long>();
        var second = new List<long>();
        var moment = new List<int>();
        var groups = Enumerable.Range(0, dataset.Episodes.Count).GroupBy(e => Path.GetDirectoryName(dataset.Episodes[e])!, StringComparer.Ordinal).ToList();
        for (var g = 0; g < groups.Count; g++)
        {
            var fingers = groups[g].ToArray();
            if (fingers.Length != 2)
            {
                throw new InvalidDataException($"{groups[g].Key}: {fingers.Length} fingertip folder(s) ({string.Join(", ", fingers.Select(e => Path.GetFileName(dataset.Episodes[e])))}); pairing the fingers expects two, e.g. thumb and index");
            }
            if (!ranges.TryGetValue(fingers[0], out var a) || !ranges.TryGetValue(fingers[1], out var b))
            {
                continue;
            }
            var rowOf = new Dictionary<long, long>();
            for (var i = b.Start; i < b.Start + b.Count; i++)
            {
                rowOf[sequence[i]] = i;
            }
            for (var i = a.Start; i < a.Start + a.Count; i++)
            {
                if (rowOf.TryGetValue(sequence[i], out var j))
                {
                    first.Add(i);
                    second.Add(j);
                    moment.Add(g);
                }
            }
        }
        if (first.Count == 0)
        {
            throw new InvalidDataException($"{Path.Combine(dataset.Root, dataset.Split)}: no moment has frames of both fingers (no equal {TactileDataset.SequenceFile} entries)");
        }
        using var scope = NewDisposeScope();
        var ia = tensor(first.ToArray());
        var ib = tensor(second.ToArray());
        return new LabelledEmbeddings
        {
            Tokens = cat([rows.Tokens.index_select(0, ia), rows.Tokens.index_select(0, ib)], 1).MoveToOuterDisposeScope(),
            Episode = [.. moment],
            Grasp = rows.Grasp.index_select(0, ia).MoveToOuterDisposeScope(),
            Sequence = rows.Sequence.index_select(0, ia).MoveToOuterDisposeScope(),
        };
    }
}
