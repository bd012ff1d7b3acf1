using SparshRobot.Core.Sensing;

namespace SparshRobot.Tactile.Preprocessing;

/// <summary>
/// Per-sensor ring buffer of preprocessed frames that builds the 6-channel Sparsh input
/// <c>[I_t (ch 0-2), I_(t-stride) (ch 3-5)]</c>, newest first (docs/design-notes.md, "Sparsh frame pairs").
/// </summary>
/// <remarks>
/// The stride counts frames at the sensor's native rate, identified by sequence number rather than by arrival, so
/// a dropped frame does not shorten the time span: at 60 fps stride 5 spans 83 ms, at 30 fps (DIGIT VGA, the live
/// demo and the T6 recordings) it spans 167 ms; a control loop reading at 6-10 Hz still gets the 5-frame pair.
/// The older frame is the newest one whose sequence is at most <c>t - stride</c>; before enough frames exist it is
/// the oldest frame held, as the reference clips indices at 0.
/// </remarks>
public sealed class TemporalFrameStack
{
    private readonly float[] _frames;
    private readonly long[] _sequences;
    private readonly TactileFrame?[] _deferred;
    private readonly Action<TactileFrame, Span<float>>? _preprocess;
    private int _next;

    /// <param name="clips">Also hold the frames a V-JEPA clip reaches back to (<see cref="WriteClip"/>).</param>
    /// <param name="preprocess">
    /// Fills a slot from a frame; given, <see cref="CommitDeferred"/> holds frames and preprocesses each only when an
    /// input or clip first reads it, so frames no input reads cost nothing.
    /// </param>
    public TemporalFrameStack(SparshInputSize size, int stride = 5, bool clips = false, Action<TactileFrame, Span<float>>? preprocess = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(stride, 1);
        Size = size;
        Stride = stride;
        Capacity = Math.Max(stride, clips ? SparshClip.Offsets[^1] : 0) + 1;
        _frames = new float[Capacity * size.FrameLength];
        _sequences = new long[Capacity];
        _deferred = new TactileFrame?[Capacity];
        _preprocess = preprocess;
    }

    public SparshInputSize Size { get; }

    public int Stride { get; }

    public int Capacity { get; }

    public int Count { get; private set; }

    public long NewestSequence => Count == 0 ? -1 : _sequences[(_next - 1 + Capacity) % Capacity];

    /// <summary>Floats in one 6-channel input (6 x H x W).</summary>
    public int InputLength => 2 * Size.FrameLength;

    /// <summary>The slot to preprocess the next frame into; call <see cref="Commit"/> afterwards.</summary>
    public Span<float> NextSlot => _frames.AsSpan(_next * Size.FrameLength, Size.FrameLength);

    /// <summary>Records the frame written into <see cref="NextSlot"/> under its sequence number.</summary>
    public void Commit(long sequence) => CommitSlot(sequence, null);

    /// <summary>
    /// Records <paramref name="frame"/> under its sequence number without preprocessing it yet: the stack's
    /// preprocessing fills its slot when an input or clip first reads it.
    /// </summary>
    public void CommitDeferred(TactileFrame frame)
    {
        ArgumentNullException.ThrowIfNull(frame);
        if (_preprocess is null)
        {
            throw new InvalidOperationException("this stack was created without a preprocessing to defer to");
        }
        CommitSlot(frame.Sequence, frame);
    }

    private void CommitSlot(long sequence, TactileFrame? deferred)
    {
        if (Count > 0 && sequence <= NewestSequence)
        {
            throw new ArgumentOutOfRangeException(nameof(sequence), sequence, $"sequence numbers must increase (newest held is {NewestSequence})");
        }
        _sequences[_next] = sequence;
        _deferred[_next] = deferred;
        _next = (_next + 1) % Capacity;
        Count = Math.Min(Count + 1, Capacity);
    }

    /// <summary>Frames held but not preprocessed yet.</summary>
    public int DeferredCount => Enumerable.Range(0, Count).Count(k => _deferred[(_next - 1 - k + Capacity) % Capacity] is not null);

    /// <summary>The preprocessed floats of a slot, preprocessing its deferred frame first.</summary>
    private Span<float> Slot(int slot)
    {
        var floats = _frames.AsSpan(slot * Size.FrameLength, Size.FrameLength);
        if (_deferred[slot] is { } frame)
        {
            _preprocess!(frame, floats);
            _deferred[slot] = null;
        }
        return floats;
    }

    /// <summary>Copies a preprocessed 3 x H x W frame in; equivalent to writing <see cref="NextSlot"/> and committing.</summary>
    public void Push(long sequence, ReadOnlySpan<float> frame)
    {
        if (frame.Length != Size.FrameLength)
        {
            throw new ArgumentException($"frame holds {frame.Length} floats, {Size.FrameLength} expected for {Size}", nameof(frame));
        }
        frame.CopyTo(NextSlot);
        Commit(sequence);
    }

    /// <summary>Forgets all frames, e.g. after the sensor went stale, so no pair straddles the gap.</summary>
    public void Clear()
    {
        Count = 0;
        _next = 0;
        Array.Clear(_deferred);
    }

    /// <summary>Sequence numbers of the pair the next <see cref="WriteInput"/> would use, newest first.</summary>
    public (long Newest, long Older) PairSequences()
    {
        if (Count == 0)
        {
            throw new InvalidOperationException("no frame has been pushed yet");
        }
        var (newest, older) = PairSlots();
        return (_sequences[newest], _sequences[older]);
    }

    /// <summary>Writes the 6 x H x W input into <paramref name="output"/> (for example one sample of a batch).</summary>
    public void WriteInput(Span<float> output)
    {
        if (output.Length < InputLength)
        {
            throw new ArgumentException($"output holds {output.Length} floats, {InputLength} needed", nameof(output));
        }
        if (Count == 0)
        {
            throw new InvalidOperationException("no frame has been pushed yet");
        }
        var (newest, older) = PairSlots();
        var n = Size.FrameLength;
        Slot(newest).CopyTo(output[..n]);
        Slot(older).CopyTo(output.Slice(n, n));
    }

    /// <summary>
    /// Writes the V-JEPA clip (3, 4, H, W) of the newest frame into <paramref name="output"/>: frame k is the newest one
    /// at most <see cref="SparshClip.Offsets"/>[k] native frames back, or the oldest held, as for the pair.
    /// </summary>
    public void WriteClip(Span<float> output)
    {
        var frames = SparshClip.Offsets.Count;
        if (Capacity <= SparshClip.Offsets[^1])
        {
            throw new InvalidOperationException($"this stack holds {Capacity} frames, too few for a clip reaching {SparshClip.Offsets[^1]} back: create it with clips");
        }
        if (output.Length < SparshClip.Length(Size))
        {
            throw new ArgumentException($"output holds {output.Length} floats, {SparshClip.Length(Size)} needed", nameof(output));
        }
        if (Count == 0)
        {
            throw new InvalidOperationException("no frame has been pushed yet");
        }
        var newest = (_next - 1 + Capacity) % Capacity;
        var plane = Size.PlaneLength;
        for (var k = 0; k < frames; k++)
        {
            var floats = Slot(SlotAtOrBefore(newest, SparshClip.Offsets[k]));
            for (var c = 0; c < 3; c++)
            {
                floats.Slice(c * plane, plane).CopyTo(output.Slice((c * frames + k) * plane, plane));
            }
        }
    }

    private (int Newest, int Older) PairSlots()
    {
        var newest = (_next - 1 + Capacity) % Capacity;
        return (newest, SlotAtOrBefore(newest, Stride));
    }

    /// <summary>The newest slot whose sequence is at most <paramref name="back"/> before the newest's, else the oldest held.</summary>
    private int SlotAtOrBefore(int newest, int back)
    {
        var target = _sequences[newest] - back;
        for (var k = 0; k < Count; k++)
        {
            var slot = (newest - k + Capacity) % Capacity;
            if (_sequences[slot] <= target)
            {
                return slot;
            }
        }
        return (_next - Count + Capacity) % Capacity;
    }
}
