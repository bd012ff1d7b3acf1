using System.Collections.Concurrent;
using SparshRobot.Ros.Cdr;
using SparshRobot.Ros.Node;
using SparshRobot.Ros.Transport;

namespace SparshRobot.Ros.Services;

/// <summary>A service did not answer within the call's timeout.</summary>
public sealed class ServiceTimeoutException(string message) : TimeoutException(message);

/// <summary>What an owner of a service client of any response type needs: availability, endpoints, disposal.</summary>
internal interface IServiceClient : IDisposable, ITransportBacked
{
    bool IsServiceAvailable { get; }
}

/// <summary>
/// Calls one ROS 2 service as rmw_cyclonedds does: requests on <c>rq/&lt;name&gt;Request</c> carrying our writer's
/// instance handle and a process-wide sequence number; replies from the shared <c>rr/&lt;name&gt;Reply</c> topic
/// are kept only when they carry our handle and matched to calls by sequence number. Replies complete calls on the
/// transport's thread (continuations run asynchronously), so a caller need not spin an executor to get one.
/// Subclasses say only how a request body is written and a reply body read: compiled types
/// (<see cref="ServiceClient{TRequest,TResponse}"/>) or any registered type from YAML values (<see cref="DynamicServiceClient"/>).
/// </summary>
public abstract class ServiceClientBase<TResponse> : IServiceClient
{
    // rmw numbers requests with one atomic counter per process (shared by every client), starting at 1.
    private static long s_sequence;

    private readonly RosNode _node;
    private readonly IRawWriter _requests;
    private readonly IRawReader _replies;
    private readonly CdrWriter _cdr = new(256);
    private readonly ConcurrentDictionary<long, TaskCompletionSource<TResponse>> _pending = new();
    private readonly Action<IDisposable> _onDispose;
    private readonly string _responseTypeName;
    private long _malformed;
    private long _late;
    private volatile bool _disposed;

    private protected ServiceClientBase(RosNode node, string service, string serviceType, string requestTypeName, string responseTypeName,
        QosProfile qos, Action<IDisposable> onDispose)
    {
        _node = node;
        Name = service;
        ServiceType = serviceType;
        Id = ClientServiceId.Next();
        _onDispose = onDispose;
        _responseTypeName = responseTypeName;
        var userData = $"{UserData.ClientIdKey}={Id};";
        qos = ServiceQos.Local(qos);
        var transport = node.Context.Transport;
        // The writer first: replies are routed by its instance handle.
        _requests = transport.CreateRawWriter(service, requestTypeName, qos,
            new RawEndpointOptions { Role = EndpointRole.ServiceRequest, UserData = userData });
        try
        {
            _replies = transport.SubscribeRaw(service, responseTypeName, qos, OnReply,
                new RawEndpointOptions { Role = EndpointRole.ServiceReply, UserData = userData });
        }
        catch
        {
            _requests.Dispose();
            throw;
        }
    }

    /// <summary>The fully qualified service name.</summary>
    public string Name { get; }

    /// <summary><c>pkg/srv/S</c>.</summary>
    public string ServiceType { get; }

    /// <summary>This client's <c>clientid</c> as announced in USER_DATA.</summary>
    public string Id { get; }

    /// <summary>The id every request carries and every reply to us echoes (the request writer's instance handle).</summary>
    public ulong ClientHandle => _requests.InstanceHandle;

    /// <summary>Replies addressed to us that could not be decoded (logged; their call fails with <see cref="CdrFormatException"/>).</summary>
    public long MalformedReplies => Interlocked.Read(ref _malformed);

    /// <summary>Replies to calls that had already timed out or been cancelled.</summary>
    public long LateReplies => Interlocked.Read(ref _late);

    /// <summary>Calls waiting for a reply.</summary>
    public int PendingCalls => _pending.Count;

    IEnumerable<object> ITransportBacked.TransportEndpoints => [_requests, _replies];

    /// <summary>
    /// Whether a server can take a request now (rmw's check_for_service_reader_writer): our request writer and reply
    /// reader are matched, and when servers announce a <c>serviceid</c>, one announcing it is matched on both sides.
    /// </summary>
    public bool IsServiceAvailable
    {
        get
        {
            if (_disposed)
            {
                return false;
            }
            var serviceIds = _requests.MatchedUserData().Select(u => ClientServiceId.Find(u, UserData.ServiceIdKey)).OfType<string>().ToHashSet();
            if (serviceIds.Count == 0)
            {
                return _requests.MatchedSubscriptions > 0 && _replies.MatchedPublishers > 0;
            }
            return _replies.MatchedUserData().Any(u => ClientServiceId.Find(u, UserData.ServiceIdKey) is { } id && serviceIds.Contains(id));
        }
    }

    /// <summary>Waits until <see cref="IsServiceAvailable"/>; false when <paramref name="timeout"/> passes first.</summary>
    public Task<bool> WaitForServiceAsync(TimeSpan timeout, CancellationToken cancellation = default) =>
        GraphWait.UntilAsync(() => IsServiceAvailable, timeout, cancellation);

    /// <summary>Writes the request's body (after the request header) into <paramref name="writer"/>.</summary>
    private protected delegate void RequestBodyWriter<TState>(TState state, CdrWriter writer);

    /// <summary>Decodes a whole reply (encapsulation, request header, body); <see cref="CdrFormatException"/> when malformed.</summary>
    private protected abstract TResponse ReadReply(ReadOnlySpan<byte> reply);

    /// <summary>
    /// Sends a request and waits for its reply. A <paramref name="timeout"/> (none when null) ends the call with
    /// <see cref="ServiceTimeoutException"/>, <paramref name="cancellation"/> with <see cref="OperationCanceledException"/>;
    /// a reply arriving afterwards is counted in <see cref="LateReplies"/>.
    /// </summary>
    private protected async Task<TResponse> CallCoreAsync<TState>(TState request, RequestBodyWriter<TState> writeBody, TimeSpan? timeout,
        CancellationToken cancellation)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        cancellation.ThrowIfCancellationRequested();
        var sequence = Interlocked.Increment(ref s_sequence);
        var call = new TaskCompletionSource<TResponse>(TaskCreationOptions.RunContinuationsAsynchronously);
        _pending[sequence] = call;
        try
        {
            lock (_cdr)
            {
                ObjectDisposedException.ThrowIf(_disposed, this);
                ServiceWire.WriteHeader(new RequestId(ClientHandle, sequence), _cdr);
                writeBody(request, _cdr);
                _requests.Write(_cdr.WrittenSpan);
            }
            using var timer = timeout is { } limit ? new CancellationTokenSource(limit) : null;
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellation, timer?.Token ?? CancellationToken.None);
            try
            {
                return await call.Task.WaitAsync(linked.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (timer?.IsCancellationRequested == true && !cancellation.IsCancellationRequested)
            {
                throw new ServiceTimeoutException($"service {Name} ({ServiceType}) did not answer within {timeout!.Value.TotalSeconds:0.###} s");
            }
        }
        finally
        {
            _pending.TryRemove(sequence, out _);
        }
    }

    private void OnReply(RawMessage raw)
    {
        RequestId id;
        try
        {
            id = ServiceWire.ReadId(raw.Data.Span);
        }
        catch (CdrFormatException)
        {
            // Without a readable header we cannot tell whose reply it is; rmw drops such samples too.
            Interlocked.Increment(ref _malformed);
            return;
        }
        if (id.ClientId != ClientHandle)
        {
            return; // another client's reply on the shared topic
        }
        if (!_pending.TryRemove(id.Sequence, out var call))
        {
            Interlocked.Increment(ref _late);
            return;
        }
        try
        {
            call.TrySetResult(ReadReply(raw.Data.Span));
        }
        catch (CdrFormatException e)
        {
            Interlocked.Increment(ref _malformed);
            _node.Logger.Warn($"client of {Name}: dropped a malformed {_responseTypeName} ({raw.Data.Length} bytes): {e.Message}");
            call.TrySetException(new CdrFormatException($"service {Name} sent a malformed {_responseTypeName}: {e.Message}"));
        }
    }

    public void Dispose()
    {
        lock (_cdr)
        {
            if (_disposed)
            {
                return;
            }
            _disposed = true;
        }
        _requests.Dispose();
        _replies.Dispose();
        foreach (var call in _pending.Values)
        {
            call.TrySetException(new ObjectDisposedException(GetType().Name, $"the client of {Name} was disposed during the call"));
        }
        _onDispose(this);
        GC.SuppressFinalize(this);
    }
}
