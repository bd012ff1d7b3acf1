using System.Globalization;
using SparshRobot.Core.Geometry;
using SparshRobot.Core.Time;
using SparshRobot.Ros.Messages.GeometryMsgs;
using SparshRobot.Ros.Messages.Tf2Msgs;

namespace SparshRobot.Ros.Tf;

/// <summary>A transform found by <see cref="TfBuffer.Lookup(string, string)"/>: maps points in <see cref="SourceFrame"/> into <see cref="TargetFrame"/>.</summary>
/// <param name="Transform">The pose of the source frame in the target frame.</param>
/// <param name="Stamp">The time it holds at; for a chain of static transforms only, the zero stamp.</param>
public sealed record TfTransform(string TargetFrame, string SourceFrame, Timestamp Stamp, Pose3 Transform);

/// <summary>A lookup the buffer cannot answer: an unknown frame, a disconnected tree, or a time outside the data.</summary>
public sealed class TfLookupException(string message) : Exception(message);

/// <summary>
/// The transform tree as <c>/tf</c> and <c>/tf_static</c> describe it (tf2's BufferCore, reduced): each child frame has
/// one parent and either one static transform or a history of stamped ones covering <see cref="CacheTime"/>. A
/// lookup composes the transforms from both frames up to their common ancestor, at the latest time all of them
/// cover or at a given time (linear interpolation of translation, slerp of rotation between the two neighbouring
/// stamps). Safe to use from several threads.
/// </summary>
public sealed class TfBuffer
{
    private readonly object _gate = new();
    private readonly Dictionary<string, FrameHistory> _frames = new(StringComparer.Ordinal);

    /// <param name="clock">The clock message stamps are read on (the node's: wall time on a robot, simulated time with <c>use_sim_time</c>).</param>
    /// <param name="cacheTime">How much history to keep per child frame; tf2's default is 10 s.</param>
    public TfBuffer(ClockKind clock, TimeSpan? cacheTime = null)
    {
        var cache = cacheTime ?? TimeSpan.FromSeconds(10);
        if (cache <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(cacheTime), cache, "the TF cache time must be positive");
        }
        Clock = clock;
        CacheTime = cache;
    }

    public ClockKind Clock { get; }

    public TimeSpan CacheTime { get; }

    /// <summary>Every frame named so far, as a child or a parent, sorted.</summary>
    public IReadOnlyList<string> Frames
    {
        get
        {
            lock (_gate)
            {
                return KnownFrames();
            }
        }
    }

    /// <summary>Adds every transform of a <c>/tf</c> (<paramref name="isStatic"/> false) or <c>/tf_static</c> message.</summary>
    public void Add(TFMessage message, bool isStatic)
    {
        foreach (var transform in message.Transforms)
        {
            Add(transform, isStatic);
        }
    }

    /// <summary>
    /// Adds the pose of <c>child_frame_id</c> in <c>header.frame_id</c>. A static transform replaces the child's
    /// earlier one; a dynamic one joins its history, and a new parent starts the history afresh (the tree moved).
    /// </summary>
    public void Add(TransformStamped transform, bool isStatic)
    {
        var parent = FrameName(transform.Header.FrameId, "header.frame_id", transform);
        var child = FrameName(transform.ChildFrameId, "child_frame_id", transform);
        if (parent == child)
        {
            throw new ArgumentException($"TF transform of frame '{child}' names it as its own parent");
        }
        var pose = new Pose3(transform.Transform.Translation.ToCore(), transform.Transform.Rotation.ToCore());
        var stamp = transform.Header.Stamp.ToTimestamp(Clock).TotalNanoseconds;
        lock (_gate)
        {
            if (!_frames.TryGetValue(child, out var history) || history.Parent != parent || history.IsStatic != isStatic)
            {
                history = new FrameHistory(parent, isStatic);
                _frames[child] = history;
            }
            history.Insert(stamp, pose, isStatic ? 0 : CacheTime.Ticks * 100);
        }
    }

    /// <summary>The transform from <paramref name="sourceFrame"/> into <paramref name="targetFrame"/> at the latest time the whole chain covers.</summary>
    public TfTransform Lookup(string targetFrame, string sourceFrame) => Lookup(targetFrame, sourceFrame, null);

    /// <summary>The transform from <paramref name="sourceFrame"/> into <paramref name="targetFrame"/> at <paramref name="time"/>.</summary>
    public TfTransform Lookup(string targetFrame, string sourceFrame, Timestamp time) => Lookup(targetFrame, sourceFrame, (Timestamp?)time);

    /// <summary>As <see cref="Lookup(string, string)"/>, false with the reason instead of an exception.</summary>
    public bool TryLookup(string targetFrame, string sourceFrame, out TfTransform? transform, out string? error)
    {
        try
        {
            transform = Lookup(targetFrame, sourceFrame);
            error = null;
            return true;
        }
        catch (TfLookupException e)
        {
            transform = null;
            error = e.Message;
            return false;
        }
    }

    private TfTransform Lookup(string targetFrame, string sourceFrame, Timestamp? time)
    {
        var target = FrameName(targetFrame, nameof(targetFrame), null);
        var source = FrameName(sourceFrame, nameof(sourceFrame), null);
        if (time is { } t && t.Clock != Clock)
        {
            throw new ArgumentException($"TF lookup at a {t.Clock} stamp, but this buffer holds {Clock} stamps", nameof(time));
        }
        lock (_gate)
        {
            var known = KnownFrames();
            var unknown = new[] { target, source }.Distinct().Where(f => known.BinarySearch(f, StringComparer.Ordinal) < 0).ToArray();
            if (unknown.Length > 0)
            {
                throw new TfLookupException(
                    $"TF lookup '{target}' <- '{source}': frame {string.Join(" and ", unknown.Select(f => $"'{f}'"))} "
                    + $"{(unknown.Length == 1 ? "is" : "are")} unknown; known frames: {KnownList(known)}");
            }
            var sourceChain = Chain(source);
            var targetChain = Chain(target);
            var ancestor = sourceChain.FirstOrDefault(targetChain.Contains)
                ?? throw new TfLookupException(
                    $"TF lookup '{target}' <- '{source}': the frames are not connected ('{source}' is in the tree rooted at "
                    + $"'{sourceChain[^1]}', '{target}' in the one rooted at '{targetChain[^1]}'); known frames: {KnownList(known)}");
            var edges = sourceChain.TakeWhile(f => f != ancestor).Concat(targetChain.TakeWhile(f => f != ancestor)).ToArray();
            var at = time?.TotalNanoseconds ?? LatestCommonTime(edges);
            var ancestorFromSource = Compose(sourceChain, ancestor, at, target, source);
            var ancestorFromTarget = Compose(targetChain, ancestor, at, target, source);
            return new TfTransform(target, source, Timestamp.FromNanoseconds(at, Clock), ancestorFromTarget.Inverse() * ancestorFromSource);
        }
    }

    /// <summary>The newest time every dynamic edge covers (the oldest of their newest stamps); 0 when all are static.</summary>
    private long LatestCommonTime(IEnumerable<string> edges)
    {
        var dynamic = edges.Select(f => _frames[f]).Where(h => !h.IsStatic).ToArray();
        return dynamic.Length == 0 ? 0 : dynamic.Min(h => h.Newest);
    }

    /// <summary>The pose of the chain's first frame in <paramref name="ancestor"/>: the edges from it upwards, multiplied.</summary>
    private Pose3 Compose(List<string> chain, string ancestor, long at, string target, string source)
    {
        var pose = Pose3.Identity;
        foreach (var frame in chain.TakeWhile(f => f != ancestor))
        {
            var history = _frames[frame];
            pose = history.At(at, () => ExtrapolationError(target, source, frame, history, at)) * pose;
        }
        return pose;
    }

    private TfLookupException ExtrapolationError(string target, string source, string frame, FrameHistory history, long at) =>
        new($"TF lookup '{target}' <- '{source}' at {Seconds(at)} s would need extrapolation: '{history.Parent}' -> '{frame}' "
            + $"is known from {Seconds(history.Oldest)} s to {Seconds(history.Newest)} s");

    /// <summary>The frame followed by its ancestors up to its root.</summary>
    private List<string> Chain(string frame)
    {
        var chain = new List<string> { frame };
        while (_frames.TryGetValue(chain[^1], out var history))
        {
            if (chain.Contains(history.Parent))
            {
                throw new TfLookupException($"TF frames form a loop: {string.Join(" -> ", chain)} -> {history.Parent}");
            }
            chain.Add(history.Parent);
        }
        return chain;
    }

    private List<string> KnownFrames() =>
        _frames.Keys.Concat(_frames.Values.Select(h => h.Parent)).Distinct().Order(StringComparer.Ordinal).ToList();

    private static string KnownList(List<string> known) => known.Count == 0 ? "(none yet)" : string.Join(", ", known);

    private static string Seconds(long nanoseconds) => (nanoseconds / 1e9).ToString("0.000", CultureInfo.InvariantCulture);

    /// <summary>tf2 ignores one leading slash (a ROS 1 habit); an empty name is an error.</summary>
    private static string FrameName(string name, string field, TransformStamped? message)
    {
        var trimmed = name.StartsWith('/') ? name[1..] : name;
        return trimmed.Length > 0
            ? trimmed
            : throw new ArgumentException(message is null
                ? $"TF {field} is empty; expected a frame name"
                : $"TF transform with {field} empty (header.frame_id '{message.Header.FrameId}', child_frame_id '{message.ChildFrameId}'); expected a frame name");
    }

    /// <summary>One child frame: its parent and its transforms, oldest first.</summary>
    private sealed class FrameHistory(string parent, bool isStatic)
    {
        private readonly List<(long Stamp, Pose3 Pose)> _entries = [];

        public string Parent { get; } = parent;

        public bool IsStatic { get; } = isStatic;

        public long Oldest => _entries[0].Stamp;

        public long Newest => _entries[^1].Stamp;

        /// <summary>Keeps the entries sorted (a late message slots in), replaces a same-stamp one, and drops what is older than the newest by more than <paramref name="keep"/> ns (static: keeps one).</summary>
        public void Insert(long stamp, Pose3 pose, long keep)
        {
            if (IsStatic)
            {
                _entries.Clear();
                _entries.Add((stamp, pose));
                return;
            }
            var index = _entries.FindLastIndex(e => e.Stamp <= stamp);
            if (index >= 0 && _entries[index].Stamp == stamp)
            {
                _entries[index] = (stamp, pose);
            }
            else
            {
                _entries.Insert(index + 1, (stamp, pose));
            }
            _entries.RemoveAll(e => e.Stamp < Newest - keep);
        }

        /// <summary>The pose at <paramref name="at"/>: static, exact, or interpolated between its neighbours.</summary>
        public Pose3 At(long at, Func<TfLookupException> outOfRange)
        {
            if (IsStatic)
            {
                return _entries[0].Pose;
            }
            if (at < Oldest || at > Newest)
            {
                throw outOfRange();
            }
            var after = _entries.FindIndex(e => e.Stamp >= at);
            var (stamp1, pose1) = _entries[after];
            if (stamp1 == at)
            {
                return pose1;
            }
            var (stamp0, pose0) = _entries[after - 1];
            return TfInterpolation.Interpolate(pose0, pose1, (double)(at - stamp0) / (stamp1 - stamp0));
        }
    }
}
