using System.Buffers;
using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;
using SparshRobot.Ros.Cdr;
using SparshRobot.Ros.Dds.Graph;
using SparshRobot.Ros.Dds.Native;
using SparshRobot.Ros.Messages;
using SparshRobot.Ros.Messages.TypeHashes;
using SparshRobot.Ros.Transport;

namespace SparshRobot.Ros.Dds;

/// <summary>Where and how a <see cref="DdsTransport"/> joins the DDS graph.</summary>
public sealed record DdsTransportOptions(uint DomainId, DiscoveryRange Range, string? CycloneUri = null)
{
    /// <summary>The <c>ros_discovery_info</c> layout nodes are announced in: <c>$ROS_DISTRO</c>'s (Iron's when unset).</summary>
    public GidLayout GidLayout { get; init; } = GidLayouts.FromRosDistro(Environment.GetEnvironmentVariable("ROS_DISTRO"));

    /// <summary>
    /// Whether endpoints announce <c>typehash=RIHS01_…;</c> in USER_DATA (Iron and later do; Humble has no type
    /// hashes): <c>$ROS_DISTRO</c>'s habit, Iron's when unset.
    /// </summary>
    public bool AnnounceTypeHashes { get; init; } = GidLayouts.FromRosDistro(Environment.GetEnvironmentVariable("ROS_DISTRO")) == GidLayout.IronAndLater;

    /// <summary><c>ROS_DOMAIN_ID</c>, <c>ROS_AUTOMATIC_DISCOVERY_RANGE</c>/<c>ROS_LOCALHOST_ONLY</c> and <c>CYCLONEDDS_URI</c>.</summary>
    public static DdsTransportOptions FromEnvironment() =>
        new(DdsDomainConfig.DomainIdFromEnvironment(), DdsDomainConfig.RangeFromEnvironment(), Environment.GetEnvironmentVariable("CYCLONEDDS_URI"));
}

/// <summary>
/// The DDS transport: one participant, topics named and typed as rmw_cyclonedds_cpp names them (<c>rt/…</c>,
/// <c>pkg::msg::dds_::Type_</c>), keyless, XCDR1, carrying exactly the CDR our serializers produce through the
/// raw sertype of <c>libsparshdds</c> (see Dds/Native/sparsh_dds.c for why).
/// <para>
/// All readers are served by one thread blocked in a DDS waitset. Callbacks run on that thread while it holds the
/// reader table lock, and serdata references never outlive one wake; disposing a subscription or the transport
/// takes the same lock (and joins the thread) before deleting native entities, so no callback can run against a
/// deleted reader. The samples of one wake go out in the order they were written, across readers too, so one
/// process's messages on several topics reach their callbacks in publication order. Readers with
/// <see cref="RawEndpointOptions.DeliverOnReceiveThread"/> are served instead from Cyclone's data-available listener
/// on the delivering thread (one wake-up less per message); deleting such a reader waits for its running listener,
/// and its entry is freed only after that.
/// </para>
/// <para>
/// Copies on the way in: Cyclone's receive thread reassembles a message into our serdata (one copy, padding dropped
/// there). Typed and borrowing raw readers then read those bytes in place for the callback's duration; only raw
/// readers that keep their data get them copied into an array of their own.
/// </para>
/// <para>
/// Nodes are announced on <c>ros_discovery_info</c> as rmw does (<see cref="AnnounceNode"/>), so ROS 2 tools list
/// them by name.
/// </para>
/// </summary>
public sealed class DdsTransport : ITransport, INodeGraphTransport
{
    private const int TakeBatch = 64;

    /// <summary>Ready readers served per wake of the receive thread; more wait for the next wake.</summary>
    private const int MaxTriggered = 64;

    private readonly DdsParticipant _participant;
    private readonly int _waitset;
    private readonly int _guard;
    private readonly Thread _thread;
    private readonly object _readersGate = new();
    private readonly Dictionary<nint, ReaderEntry> _readers = [];
    private readonly Dictionary<string, (int Handle, string Type)> _topics = new(StringComparer.Ordinal);
    private readonly List<DdsEndpoint> _writers = [];
    private static readonly ConcurrentDictionary<string, TypeHash?> s_typeHashes = new(StringComparer.Ordinal);
    private long _typeHashMismatches;
    private nint _nextReaderKey = 1;
    private DdsNodeGraph? _graph;
    private int _graphWriter;
    private long _malformed;
    private volatile bool _stopping;
    private bool _disposed;

    public DdsTransport(DdsTransportOptions options)
    {
        if (!CycloneLibrary.IsShimAvailable)
        {
            throw new DdsException(CycloneLibrary.ShimLoadError ?? "the Cyclone DDS raw-CDR shim is not available", -1);
        }
        Options = options;
        _participant = new DdsParticipant(options.DomainId, DdsDomainConfig.For(options.Range, options.CycloneUri));
        try
        {
            _waitset = DdsApi.Check(DdsApi.CreateWaitset(_participant.Handle), "dds_create_waitset");
            _guard = DdsApi.Check(DdsApi.CreateGuardCondition(_participant.Handle), "dds_create_guardcondition");
            DdsApi.Check(DdsApi.WaitsetAttach(_waitset, _guard, 0), "dds_waitset_attach(guard)");
        }
        catch
        {
            _participant.Dispose();
            throw;
        }
        _thread = new Thread(ReceiveLoop) { IsBackground = true, Name = $"dds-receive-{options.DomainId}" };
        _thread.Start();
    }

    public DdsTransportOptions Options { get; }

    public string Kind => "dds";

    public long MalformedDropped => Interlocked.Read(ref _malformed);

    /// <summary>Writers we heard whose announced type hash differs from our definition of the type (each one warned about once).</summary>
    public long TypeHashMismatches => Interlocked.Read(ref _typeHashMismatches);

    /// <summary>The participant handle, for native calls beyond this class (e.g. ddsperf-style probes).</summary>
    public int ParticipantHandle => _participant.Handle;

    public ITransportWriter<T> CreateWriter<T>(string topic, QosProfile qos)
        where T : IRosMessage<T> =>
        new TypedWriter<T>(CreateRaw(topic, T.TypeName, qos, null));

    public IRawWriter CreateRawWriter(string topic, string rosTypeName, QosProfile qos, RawEndpointOptions? options = null) =>
        CreateRaw(topic, rosTypeName, qos, options);

    public IDisposable Subscribe<T>(string topic, QosProfile qos, Action<T> onMessage)
        where T : IRosMessage<T> =>
        CreateReader(topic, T.TypeName, qos, null, (data, _, _, _) =>
        {
            T message;
            try
            {
                message = RosSerializer.Deserialize<T>(data);
            }
            catch (CdrFormatException e)
            {
                Interlocked.Increment(ref _malformed);
                TransportLog.Warn("dds", $"dropped a malformed {T.TypeName} on {topic} ({data.Length} bytes): {e.Message}");
                return;
            }
            onMessage(message);
        }, copyOut: false);

    public IRawReader SubscribeRaw(string topic, string rosTypeName, QosProfile qos, Action<RawMessage> onMessage, RawEndpointOptions? options = null) =>
        CreateReader(topic, rosTypeName, qos, options,
            (_, memory, stamp, publication) => onMessage(new RawMessage(topic, rosTypeName, memory, stamp, publication)),
            copyOut: options?.BorrowData != true);

    public INodeAnnouncement AnnounceNode(string nodeNamespace, string nodeName)
    {
        lock (_readersGate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_graph is null)
            {
                // rmw's QoS for it: reliable, transient local, keep last 1 (late joiners get the current state).
                _graphWriter = DdsApi.Check(
                    DdsApi.CreateRawWriter(_participant.Handle, GraphTopic(), 1, 1, 1, null),
                    $"dds_create_writer({ParticipantEntitiesInfo.DdsTopic})");
                _graph = new DdsNodeGraph(GuidOf(_participant.Handle), Options.GidLayout,
                    e => e is IDdsEndpointIdentity id ? (id.Gid, id.IsWriter) : null, PublishGraph);
            }
        }
        return _graph.Announce(nodeNamespace, nodeName);
    }

    /// <summary>What this participant currently announces on <c>ros_discovery_info</c> (null before any node).</summary>
    public ParticipantEntitiesInfo? AnnouncedGraph => _graph?.Snapshot();

    /// <summary>
    /// The <c>ros_discovery_info</c> of every participant heard within <paramref name="wait"/> (this one included),
    /// the newest per participant; Humble and Iron-or-later layouts alike. Undecodable announcements are counted in
    /// <see cref="MalformedDropped"/> and skipped.
    /// </summary>
    public IReadOnlyList<ParticipantEntitiesInfo> DiscoverNodes(TimeSpan wait)
    {
        int reader;
        lock (_readersGate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            reader = DdsApi.Check(DdsApi.CreateRawReader(_participant.Handle, GraphTopic(), 1, 1, 0, null),
                $"dds_create_reader({ParticipantEntitiesInfo.DdsTopic})");
        }
        return DdsNodeDiscovery.Discover(reader, Options.GidLayout, wait, () => Interlocked.Increment(ref _malformed));
    }

    private void PublishGraph(byte[] cdr)
    {
        // Withdrawals arriving after the participant is gone have no one to tell.
        if (_disposed)
        {
            return;
        }
        unsafe
        {
            fixed (byte* p = cdr)
            {
                var rc = DdsApi.WriteRaw(_graphWriter, p, (uint)cdr.Length);
                if (rc < 0)
                {
                    TransportLog.Warn("dds", $"announcing nodes on {ParticipantEntitiesInfo.DdsTopic} failed: {DdsApi.Describe(rc)}");
                }
            }
        }
    }

    /// <summary>Copies a taken sample's bytes out and releases its serdata reference (which must not outlive the take).</summary>
    internal static unsafe void CopyAndRelease(TakenSample sample, byte[] destination)
    {
        try
        {
            fixed (byte* p = destination)
            {
                DdsApi.CopySerdata(sample.Serdata, p, sample.Size);
            }
        }
        finally
        {
            DdsApi.ReleaseSerdata(sample.Serdata);
        }
    }

    private static unsafe Gid GuidOf(int entity)
    {
        var guid = stackalloc byte[Gid.GuidSize];
        DdsApi.Check(DdsApi.GetGuid(entity, guid), "dds_get_guid");
        return Gid.FromGuid(new ReadOnlySpan<byte>(guid, Gid.GuidSize));
    }

    /// <summary>Every live reader and writer heard within <paramref name="wait"/>, this transport's own included.</summary>
    public IReadOnlyList<DiscoveredEndpoint> DiscoverEndpoints(TimeSpan wait) => DdsEndpointDiscovery.Discover(_participant.Handle, wait);

    /// <summary>
    /// Topics seen by discovery within <paramref name="wait"/> (ROS topics only, <c>rt/</c> prefix removed, types
    /// demangled), including this transport's own endpoints.
    /// </summary>
    public IReadOnlyList<DiscoveredTopic> DiscoverTopics(TimeSpan wait) => DdsEndpointDiscovery.Topics(DiscoverEndpoints(wait));

    /// <summary>Services seen by discovery within <paramref name="wait"/> (<c>ros2 service list</c>), this transport's included.</summary>
    public IReadOnlyList<DiscoveredService> DiscoverServices(TimeSpan wait) => DdsEndpointDiscovery.Services(DiscoverEndpoints(wait));

    /// <summary>Actions seen by discovery within <paramref name="wait"/> (<c>ros2 action list</c>), this transport's included.</summary>
    public IReadOnlyList<DiscoveredAction> DiscoverActions(TimeSpan wait) => DdsEndpointDiscovery.Actions(DiscoverEndpoints(wait));

    private DdsEndpoint CreateRaw(string topic, string rosTypeName, QosProfile qos, RawEndpointOptions? options)
    {
        lock (_readersGate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            var topicHandle = Topic(topic, rosTypeName, options?.Role ?? EndpointRole.Topic);
            var writer = DdsApi.Check(
                DdsApi.CreateRawWriter(_participant.Handle, topicHandle, Reliable(qos), TransientLocal(qos), Depth(qos), UserDataOf(rosTypeName, options)),
                $"dds_create_writer({topic})");
            var endpoint = new DdsEndpoint(this, writer, topic, GuidOf(writer), DdsApi.InstanceHandle(writer));
            _writers.Add(endpoint);
            return endpoint;
        }
    }

    private ReaderEntry CreateReader(string topic, string rosTypeName, QosProfile qos, RawEndpointOptions? options, ReceiveHandler handler, bool copyOut)
    {
        lock (_readersGate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            var topicHandle = Topic(topic, rosTypeName, options?.Role ?? EndpointRole.Topic);
            var reader = DdsApi.Check(
                DdsApi.CreateRawReader(_participant.Handle, topicHandle, Reliable(qos), TransientLocal(qos), Depth(qos), UserDataOf(rosTypeName, options)),
                $"dds_create_reader({topic})");
            var key = _nextReaderKey++;
            var self = new StrongBox<ReaderEntry>();
            var entry = new ReaderEntry(this, key, reader, topic, CheckingTypeHash(rosTypeName, topic, handler, self), copyOut, GuidOf(reader));
            self.Value = entry;
            var rc = options?.DeliverOnReceiveThread == true ? entry.Listen() : Attach(entry);
            if (rc < 0)
            {
                entry.Free();
                DdsApi.Delete(reader);
                DdsApi.Check(rc, $"subscribing to {topic}");
            }
            _readers.Add(key, entry);
            if (entry.Listened)
            {
                // Samples that arrived before the listener was set (a transient-local history) wait for no one else.
                entry.DrainListened();
            }
            return entry;
        }
    }

    /// <summary>Serves a reader from the receive thread: a read condition on the waitset, keyed by the entry.</summary>
    private int Attach(ReaderEntry entry)
    {
        var condition = DdsApi.CreateReadCondition(entry.Reader, DdsApi.AnyState);
        if (condition < 0)
        {
            return condition;
        }
        entry.Condition = condition;
        return DdsApi.WaitsetAttach(_waitset, condition, entry.Key);
    }

    /// <summary>Cyclone's data-available listener of a <see cref="RawEndpointOptions.DeliverOnReceiveThread"/> reader.</summary>
    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static void OnDataAvailable(int reader, nint entry)
    {
        // Nothing may unwind into Cyclone's thread; Deliver already catches the callbacks' own exceptions.
        try
        {
            ((ReaderEntry)GCHandle.FromIntPtr(entry).Target!).DrainListened();
        }
        catch (Exception e)
        {
            TransportLog.Warn("dds", $"delivery on reader {reader} failed: {e.GetType().Name}: {e.Message}");
        }
    }

    /// <summary>The endpoint's USER_DATA: the caller's (service ids), then our type hash when we announce one (as rmw on Jazzy).</summary>
    private string? UserDataOf(string rosTypeName, RawEndpointOptions? options) =>
        Options.AnnounceTypeHashes && TypeHashOf(rosTypeName) is { } hash
            ? $"{options?.UserData}{UserData.TypeHashKey}={hash};"
            : options?.UserData;

    /// <summary>RIHS01 of a type the built-in registry defines (with its dependencies), else null.</summary>
    private static TypeHash? TypeHashOf(string rosTypeName) => s_typeHashes.GetOrAdd(rosTypeName, static name =>
    {
        try
        {
            return TypeDescription.OfMessage(name).Hash;
        }
        catch (Exception e) when (e is KeyNotFoundException or ArgumentException or FormatException)
        {
            return null;
        }
    });

    /// <summary>
    /// Wraps a reader's handler so the first sample of each writer checks the writer's announced type hash against
    /// ours: a difference means the two sides were built from different message definitions (version drift, e.g.
    /// controller_manager messages that changed within Jazzy), which CDR cannot detect by itself.
    /// </summary>
    private ReceiveHandler CheckingTypeHash(string rosTypeName, string topic, ReceiveHandler handler, StrongBox<ReaderEntry> reader)
    {
        if (TypeHashOf(rosTypeName) is not { } ours)
        {
            return handler;
        }
        var checkedWriters = new HashSet<ulong>();
        return (data, memory, stamp, publication) =>
        {
            // Runs on the receive thread, which is the only one touching checkedWriters.
            if (checkedWriters.Add(publication) && reader.Value?.PublisherUserData(publication) is { } userData
                && UserData.TryGetTypeHash(UserData.Parse(userData), out var theirs)
                && !theirs.IsZero && theirs != ours)
            {
                Interlocked.Increment(ref _typeHashMismatches);
                TransportLog.Warn("dds", $"{topic}: a writer announces {rosTypeName} with type hash {theirs}, ours is {ours}: "
                    + "the two sides were built from different definitions of the type and may decode each other wrongly");
            }
            handler(data, memory, stamp, publication);
        };
    }

    /// <summary>The DDS topic for a ROS name in its role, created once per transport; a second type on one topic is an error.</summary>
    private int Topic(string topic, string rosTypeName, EndpointRole role) =>
        DdsTopic(topic, DdsNames.ToDdsTopic(topic, role), rosTypeName, RosSerializer.DdsTypeName(rosTypeName));

    /// <summary><c>ros_discovery_info</c>: a DDS topic outside the ROS namespace (no <c>rt/</c> prefix).</summary>
    private int GraphTopic() => DdsTopic(ParticipantEntitiesInfo.DdsTopic, ParticipantEntitiesInfo.DdsTopic,
        ParticipantEntitiesInfo.DdsTypeName, ParticipantEntitiesInfo.DdsTypeName);

    /// <summary>Created once per DDS topic name; <paramref name="rosName"/> is what errors call it.</summary>
    private int DdsTopic(string rosName, string ddsTopic, string rosTypeName, string ddsTypeName)
    {
        if (_topics.TryGetValue(ddsTopic, out var existing))
        {
            return existing.Type == rosTypeName
                ? existing.Handle
                : throw new InvalidOperationException($"topic '{rosName}' already carries {existing.Type}; an endpoint of type {rosTypeName} cannot join it");
        }
        var handle = DdsApi.Check(
            DdsApi.CreateRawTopic(_participant.Handle, ddsTopic, ddsTypeName),
            $"dds_create_topic({ddsTopic}, {rosTypeName})");
        _topics.Add(ddsTopic, (handle, rosTypeName));
        return handle;
    }

    /// <summary>Reads a native list of USER_DATA lines (matched endpoints) through <paramref name="fill"/>.</summary>
    private static unsafe IReadOnlyList<string> UserDataLines(Func<nint, int, int> fill)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(16 * 1024);
        try
        {
            int lines;
            fixed (byte* p = buffer)
            {
                lines = fill((nint)p, buffer.Length);
            }
            if (lines <= 0)
            {
                return [];
            }
            var text = Encoding.UTF8.GetString(buffer, 0, Array.IndexOf(buffer, (byte)0));
            return text.Split('\n')[..lines];
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static int Reliable(QosProfile qos) => qos.Reliability == Reliability.Reliable ? 1 : 0;

    private static int TransientLocal(QosProfile qos) => qos.Durability == Durability.TransientLocal ? 1 : 0;

    private static int Depth(QosProfile qos) => qos.History == History.KeepAll ? 0 : Math.Max(qos.Depth, 1);

    private unsafe void ReceiveLoop()
    {
        var triggered = stackalloc nint[MaxTriggered];
        // One wake's samples from every ready reader, kept until all are delivered in the order they were written.
        var samples = GC.AllocateArray<TakenSample>(MaxTriggered * TakeBatch, pinned: true);
        var readers = new ReaderEntry[samples.Length];
        var order = new int[samples.Length];
        var byWriteOrder = Comparer<int>.Create((a, b) => samples[a].SourceTimestamp != samples[b].SourceTimestamp
            ? samples[a].SourceTimestamp.CompareTo(samples[b].SourceTimestamp)
            : a.CompareTo(b));
        fixed (TakenSample* taken = samples)
        {
            while (!_stopping)
            {
                var count = DdsApi.WaitsetWait(_waitset, triggered, MaxTriggered, long.MaxValue);
                if (count < 0)
                {
                    TransportLog.Warn("dds", $"dds_waitset_wait failed: {DdsApi.Describe(count)}");
                    Thread.Sleep(10);
                    continue;
                }
                lock (_readersGate)
                {
                    var n = 0;
                    var ready = 0;
                    for (var i = 0; i < Math.Min(count, MaxTriggered) && !_stopping; i++)
                    {
                        if (triggered[i] == 0)
                        {
                            DdsApi.SetGuardCondition(_guard, false);
                        }
                        else if (_readers.TryGetValue(triggered[i], out var entry))
                        {
                            // One batch per reader and wake, on purpose: taking until empty let a writer that outpaces
                            // the callbacks keep this thread (and the gate) forever, starving the other readers and
                            // stalling Dispose, which waits on the gate. The read condition stays triggered, so the
                            // waitset wakes again at once for the rest.
                            var k = entry.Take(taken + n, TakeBatch);
                            readers.AsSpan(n, k).Fill(entry);
                            n += k;
                            ready += k > 0 ? 1 : 0;
                        }
                    }
                    for (var i = 0; i < n; i++)
                    {
                        order[i] = i;
                    }
                    // The waitset lists ready readers in its own order, not in the order their samples came: across
                    // topics, callbacks would see one writer's messages reordered (a gripper command after the motion
                    // command published after it). Source timestamps restore the publication order within a wake.
                    if (ready > 1)
                    {
                        Array.Sort(order, 0, n, byWriteOrder);
                    }
                    for (var i = 0; i < n; i++)
                    {
                        readers[order[i]].Deliver(taken[order[i]]);
                    }
                    Array.Clear(readers, 0, n);
                }
            }
        }
    }

    public void Dispose()
    {
        lock (_readersGate)
        {
            if (_disposed)
            {
                return;
            }
            _disposed = true;
            _stopping = true;
        }
        DdsApi.SetGuardCondition(_guard, true);
        _thread.Join();
        List<ReaderEntry> readers;
        lock (_readersGate)
        {
            readers = [.. _readers.Values];
            _readers.Clear();
            _writers.Clear();
            _topics.Clear();
        }
        // Deleting the participant deletes every reader, writer, topic, condition and the waitset under it, waiting
        // for listeners that are running; only then may their entries go.
        _participant.Dispose();
        readers.ForEach(r => r.Free());
    }

    /// <summary>
    /// The received bytes, as a span and as memory over the same bytes: the handler may keep them only on copyOut
    /// readers (an array of their own); on the others they are the serdata's, lent in place, or a pooled buffer, and
    /// both are taken back once the handler returns.
    /// </summary>
    private delegate void ReceiveHandler(ReadOnlySpan<byte> data, ReadOnlyMemory<byte> memory, long sourceTimestampNs, ulong publicationHandle);

    /// <summary>An endpoint's GUID (read at creation, so it outlives the entity) and direction, for the node graph.</summary>
    private interface IDdsEndpointIdentity
    {
        Gid Gid { get; }

        bool IsWriter { get; }
    }

    private sealed class ReaderEntry(DdsTransport owner, nint key, int reader, string topic, ReceiveHandler handler, bool copyOut, Gid gid)
        : IRawReader, IDdsEndpointIdentity
    {
        private readonly NativeLoan _loan = new(topic);
        private readonly Lock _listening = new();
        private GCHandle _self;

        public nint Key => key;

        public int Reader => reader;

        /// <summary>The read condition on the receive thread's waitset; 0 for a listened reader.</summary>
        public int Condition { get; set; }

        public bool Listened => _self.IsAllocated;

        /// <summary>Has Cyclone call <see cref="DrainListened"/> on the delivering thread.</summary>
        public unsafe int Listen()
        {
            _self = GCHandle.Alloc(this);
            return DdsApi.SetDataListener(reader, &OnDataAvailable, GCHandle.ToIntPtr(_self));
        }

        /// <summary>Takes and delivers until the reader is empty; serialized, as local writers deliver from their own threads.</summary>
        public unsafe void DrainListened()
        {
            var samples = stackalloc TakenSample[TakeBatch];
            lock (_listening)
            {
                while (Drain(samples) == TakeBatch)
                {
                }
            }
        }

        /// <summary>Releases the listener's handle once the reader (and so any running listener) is gone.</summary>
        public void Free()
        {
            if (_self.IsAllocated)
            {
                _self.Free();
            }
        }

        public Gid Gid => gid;

        public bool IsWriter => false;

        /// <summary>Takes and delivers one batch; returns how many (a full batch: there may be more).</summary>
        private unsafe int Drain(TakenSample* samples)
        {
            var n = Take(samples, TakeBatch);
            for (var i = 0; i < n; i++)
            {
                Deliver(samples[i]);
            }
            return n;
        }

        /// <summary>Takes up to <paramref name="max"/> samples, holding their serdata until each is delivered; returns how many (0 on a failed take).</summary>
        public unsafe int Take(TakenSample* into, int max)
        {
            var n = DdsApi.TakeRaw(reader, into, max);
            if (n < 0)
            {
                TransportLog.Warn("dds", $"take on {topic} failed: {DdsApi.Describe(n)}");
                return 0;
            }
            return n;
        }

        /// <summary>Hands one taken sample to the subscription's handler and releases it.</summary>
        public unsafe void Deliver(TakenSample sample)
        {
            var size = (int)sample.Size;
            // Received bytes need no fix-up (the shim dropped their padding), so they are lent in place; a local
            // writer's still-padded serdata takes the copying path below.
            if (!copyOut && sample.Data != 0 && Padding(new ReadOnlySpan<byte>((byte*)sample.Data, size)) == 0)
            {
                try
                {
                    _loan.Lend((byte*)sample.Data, size);
                    Invoke(new ReadOnlySpan<byte>((byte*)sample.Data, size), _loan.Memory, sample);
                }
                finally
                {
                    _loan.Return();
                    DdsApi.ReleaseSerdata(sample.Serdata);
                }
                return;
            }
            var buffer = copyOut ? GC.AllocateUninitializedArray<byte>(size) : ArrayPool<byte>.Shared.Rent(size);
            CopyAndRelease(sample, buffer);
            size = TrimPadding(buffer, size);
            try
            {
                Invoke(buffer.AsSpan(0, size), buffer.AsMemory(0, size), sample);
            }
            finally
            {
                if (!copyOut)
                {
                    ArrayPool<byte>.Shared.Return(buffer);
                }
            }
        }

        private void Invoke(ReadOnlySpan<byte> data, ReadOnlyMemory<byte> memory, TakenSample sample)
        {
            try
            {
                handler(data, memory, sample.SourceTimestamp, sample.PublicationHandle);
            }
            catch (Exception e)
            {
                // A faulty callback must not take the receive thread (and every other subscription) down.
                TransportLog.Warn("dds", $"subscription callback on {topic} threw {e.GetType().Name}: {e.Message}");
            }
        }

        /// <summary>
        /// Drops the alignment padding a writer declared in the low two bits of the encapsulation options (Cyclone
        /// pads to a multiple of 4 and says so there), leaving the message as our serializers write it.
        /// </summary>
        private static int TrimPadding(byte[] buffer, int size)
        {
            var pad = Padding(buffer.AsSpan(0, size));
            if (pad == 0)
            {
                return size;
            }
            buffer[3] &= 0xFC;
            return size - pad;
        }

        /// <summary>The padding bytes a serialized message declares (0 when none, or when the count cannot be right).</summary>
        private static int Padding(ReadOnlySpan<byte> cdr)
        {
            var pad = cdr.Length >= 8 ? cdr[3] & 3 : 0;
            return pad > cdr.Length - 4 ? 0 : pad;
        }

        public int MatchedPublishers => Math.Max(DdsApi.Matched(reader), 0);

        public unsafe IReadOnlyList<string> MatchedUserData() =>
            UserDataLines((buffer, length) => DdsApi.MatchedUserData(reader, (byte*)buffer, length));

        public unsafe string? PublisherUserData(ulong publicationHandle)
        {
            var lines = UserDataLines((buffer, length) => DdsApi.PublicationUserData(reader, publicationHandle, (byte*)buffer, length));
            return lines.Count == 1 ? lines[0] : null;
        }

        public void Dispose()
        {
            lock (owner._readersGate)
            {
                if (!owner._readers.Remove(key))
                {
                    return;
                }
                if (Condition != 0)
                {
                    DdsApi.WaitsetDetach(owner._waitset, Condition);
                }
                // Waits for a listener that is running on this reader, so the handle can go after it.
                DdsApi.Delete(reader);
                Free();
            }
        }
    }

    /// <summary>A raw writer; typed writers wrap it with a serializer.</summary>
    internal sealed class DdsEndpoint(DdsTransport owner, int writer, string topic, Gid gid, ulong instanceHandle) : IRawWriter, IDdsEndpointIdentity
    {
        private bool _disposed;

        public ulong InstanceHandle => instanceHandle;

        public unsafe IReadOnlyList<string> MatchedUserData() =>
            UserDataLines((buffer, length) => DdsApi.MatchedUserData(writer, (byte*)buffer, length));

        public Gid Gid => gid;

        public bool IsWriter => true;

        public int Handle => writer;

        public int MatchedSubscriptions => Math.Max(DdsApi.Matched(writer), 0);

        /// <summary>Incompatible-QoS events this writer has seen (a reader it could not match).</summary>
        public int IncompatibleQosCount => DdsApi.IncompatibleQos(writer);

        public unsafe void Write(ReadOnlySpan<byte> cdr)
        {
            ObjectDisposedException.ThrowIf(_disposed || owner._disposed, this);
            fixed (byte* p = cdr)
            {
                DdsApi.Check(DdsApi.WriteRaw(writer, p, (uint)cdr.Length), $"dds_write({topic})");
            }
        }

        public void Dispose()
        {
            lock (owner._readersGate)
            {
                if (_disposed)
                {
                    return;
                }
                _disposed = true;
                if (!owner._disposed)
                {
                    owner._writers.Remove(this);
                    DdsApi.Delete(writer);
                }
            }
        }
    }

    private sealed class TypedWriter<T>(DdsEndpoint endpoint) : ITransportWriter<T>, IDdsEndpointIdentity
        where T : IRosMessage<T>
    {
        private readonly CdrWriter _cdr = new(1024);

        public Gid Gid => endpoint.Gid;

        public bool IsWriter => true;

        public int MatchedSubscriptions => endpoint.MatchedSubscriptions;

        public void Write(T message)
        {
            // One reusable buffer per writer; Cyclone copies the bytes before dds_write returns.
            lock (_cdr)
            {
                _cdr.Reset();
                message.Serialize(_cdr);
                endpoint.Write(_cdr.WrittenSpan);
            }
        }

        public void Dispose() => endpoint.Dispose();
    }
}
